// What the page shows of tasks, usage and history. Text is always set as text, never as HTML: prompts and messages
// come from users and upstreams.

import { credits } from './form.js';

const $ = (id) => document.getElementById(id);

export function ended(task) {
    return task.status === 'SUCCEEDED' || task.status === 'FAILED';
}

const STATUS_TEXT = {
    QUEUED: 'Queued: waiting for the upstream to accept it',
    RUNNING: 'Running',
    SUCCEEDED: 'Succeeded',
    FAILED: 'Failed',
};

/** Default sizes by aspect ratio, for images whose size is not known yet (the grid keeps its layout). */
function size(image, task) {
    if (image.width && image.height) {
        return [image.width, image.height];
    }
    const [w, h] = (task.aspectRatio || '1:1').split(':').map(Number);
    return w && h ? [1024, Math.round((1024 * h) / w)] : [1024, 1024];
}

function imageElement(image, task, className) {
    const img = document.createElement('img');
    const [width, height] = size(image, task);
    img.src = image.url;
    img.alt = task.prompt;
    img.width = width;
    img.height = height;
    img.decoding = 'async';
    if (className) {
        img.className = className;
    }
    return img;
}

/** The result panel for one task, as it is now. */
export function showTask(task) {
    $('result-empty').hidden = true;
    $('result').hidden = false;
    $('result').dataset.task = task.id;
    $('result-prompt').textContent = `“${task.prompt}” · ${task.model} · ${task.aspectRatio}`
        + (task.seed != null ? ` · seed ${task.seed}` : '');

    const progress = $('progress');
    if (task.status === 'QUEUED' || (task.status === 'RUNNING' && task.progress == null)) {
        progress.removeAttribute('value');
    } else {
        progress.value = task.status === 'SUCCEEDED' ? 100 : (task.progress ?? 0);
    }
    const percent = task.status === 'RUNNING' && task.progress != null ? ` · ${task.progress} %` : '';
    $('status').textContent = `${STATUS_TEXT[task.status] ?? task.status}${percent}`;

    const error = $('task-error');
    error.hidden = !task.error;
    error.textContent = task.error ? `${task.error.message} (${task.error.code})` : '';

    const grid = $('images');
    const shown = [...grid.querySelectorAll('img')].map((img) => img.getAttribute('src'));
    const urls = task.images.map((image) => image.url);
    if (shown.join('\n') !== urls.join('\n')) {
        grid.replaceChildren(...task.images.map((image) => {
            const item = document.createElement('li');
            const link = document.createElement('a');
            link.href = image.url;
            link.append(imageElement(image, task));
            item.append(link);
            return item;
        }));
    }

    $('charged').textContent = !ended(task) ? ''
        : task.cached ? `From cache: ${credits(task.creditsCharged)} charged.`
            : `Charged ${credits(task.creditsCharged)}.`;
}

export function showUsage(usage) {
    $('usage-spent').textContent = credits(usage.creditsSpent);
    $('usage-cache').textContent = credits(usage.creditsSavedByCache);
    $('usage-sharing').textContent = credits(usage.creditsSavedBySharing);
    $('usage-left').textContent = usage.remainingCredits == null ? 'no budget set'
        : `${credits(usage.remainingCredits)} of ${credits(usage.budgetCredits)}`;
}

function when(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

/** One history entry: a button that reopens the task, with its first image as a thumbnail. */
export function historyItem(task, onOpen) {
    const item = document.createElement('li');
    item.dataset.task = task.id;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'history-entry';
    if (task.images[0]) {
        const thumbnail = imageElement(task.images[0], task, 'thumbnail');
        thumbnail.alt = '';
        thumbnail.loading = 'lazy';
        button.append(thumbnail);
    } else {
        const placeholder = document.createElement('span');
        placeholder.className = 'thumbnail placeholder';
        placeholder.setAttribute('aria-hidden', 'true');
        button.append(placeholder);
    }
    const text = document.createElement('span');
    text.className = 'history-text';
    const prompt = document.createElement('span');
    prompt.className = 'history-prompt';
    prompt.textContent = task.prompt;
    const meta = document.createElement('span');
    meta.className = 'hint';
    meta.textContent = `${STATUS_TEXT[task.status] ?? task.status} · ${task.model} · ${when(task.createdAt)}`
        + (task.cached ? ' · from cache' : '');
    text.append(prompt, meta);
    button.append(text);
    button.addEventListener('click', () => onOpen(task));
    item.append(button);
    return item;
}
