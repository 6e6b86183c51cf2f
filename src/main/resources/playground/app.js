// The playground: a form from the catalog, the price before submitting, a generation followed live, the caller's
// history and usage, all through the gateway's public GraphQL API.

import { GraphQLError, request, subscribe } from './api.js';
import {
    applyModel, catalogPrice, clearErrors, credits, randomSeed, readInput, renderModels, showFieldError,
} from './form.js';
import { ended, historyItem, showTask, showUsage } from './view.js';

const $ = (id) => document.getElementById(id);

const TASK_FIELDS = `fragment TaskFields on Task {
  id status progress model prompt negativePrompt aspectRatio numImages seed cached creditsCharged createdAt
  images { url width height }
  error { code message }
}`;
const MODELS = `query Models {
  models {
    id family name creditsPerImage aspectRatios maxImages supportsNegativePrompt supportsSeed status replacement
    options { name default values { value creditsPerImage } }
  }
}`;
const ESTIMATE = `query Estimate($input: GenerateImageInput!) {
  estimate(input: $input) { model creditsPerImage credits cached }
}`;
const GENERATE = `mutation Generate($input: GenerateImageInput!) {
  generateImage(input: $input) { ...TaskFields }
}
${TASK_FIELDS}`;
const TASK = `query Task($id: ID!) { task(id: $id) { ...TaskFields } }
${TASK_FIELDS}`;
const FOLLOW = `subscription Follow($id: ID!) { task(id: $id) { ...TaskFields } }
${TASK_FIELDS}`;
const TASKS = `query History($first: Int, $after: String) {
  tasks(first: $first, after: $after) { edges { node { ...TaskFields } } pageInfo { hasNextPage endCursor } }
}
${TASK_FIELDS}`;
const USAGE = `query Usage {
  usage { creditsSpent creditsSavedByCache creditsSavedBySharing budgetCredits remainingCredits }
}`;
const HISTORY_PAGE = 8;
const KEY_STORAGE = 'playground.apiKey';

const state = {
    models: [],
    stopFollowing: null,
    historyCursor: null,
    estimateTimer: null,
    estimateRun: 0,
    retryTimer: null,
    holding: false,
};

function key() {
    return $('api-key').value.trim();
}

function model() {
    return state.models.find((m) => m.id === $('model').value) ?? state.models[0];
}

/** Errors where they belong: input rules beside their fields, credentials at the key, limits with their figures. */
function showError(error) {
    if (!(error instanceof GraphQLError)) {
        showFormError('The gateway cannot be reached right now. Check that it is running, then try again.');
        return;
    }
    switch (error.code) {
    case 'BAD_USER_INPUT': {
        const fields = error.extensions.fields ?? [];
        const placed = fields.filter((f) => showFieldError(f.field, f.message));
        if (placed.length < fields.length || fields.length === 0) {
            showFormError(error.message);
        }
        document.querySelector('[aria-invalid="true"]')?.focus();
        break;
    }
    case 'UNAUTHENTICATED':
        keyRefused(error);
        $('api-key').focus();
        break;
    case 'RATE_LIMITED':
        rateLimited(error);
        break;
    case 'INSUFFICIENT_CREDITS': {
        const { budgetCredits, remainingCredits, renewsAt } = error.extensions;
        const figures = budgetCredits != null
            ? ` Budget ${credits(budgetCredits)}, ${credits(remainingCredits ?? 0)} left`
              + (renewsAt ? `, renews ${new Date(renewsAt).toLocaleString()}.` : '.')
            : '';
        showFormError(`${error.message}${figures}`);
        break;
    }
    default:
        showFormError(error.message);
    }
}

function keyRefused(error) {
    $('api-key').setAttribute('aria-invalid', 'true');
    $('api-key-error').textContent = error.message;
    $('api-key-error').hidden = false;
}

function showFormError(message) {
    $('form-error').textContent = message;
    $('form-error').hidden = false;
}

/** RATE_LIMITED: the retry time, counted down, and Generate held until then. */
function rateLimited(error) {
    let seconds = Number(error.extensions.retryAfterSeconds);
    const button = $('generate');
    if (!Number.isFinite(seconds) || seconds <= 0) {
        showFormError(error.message);
        return;
    }
    clearInterval(state.retryTimer);
    const tick = () => {
        if (seconds <= 0) {
            clearInterval(state.retryTimer);
            state.holding = false;
            button.disabled = false;
            $('form-error').hidden = true;
            return;
        }
        showFormError(`Too many requests: try again in ${seconds} s. (${error.message})`);
        seconds -= 1;
    };
    state.holding = true;
    button.disabled = true;
    tick();
    state.retryTimer = setInterval(tick, 1000);
}

/** The price before submitting: the gateway's estimate when there is a key, the catalog's price until then. */
function updatePrice() {
    clearTimeout(state.estimateTimer);
    state.estimateTimer = setTimeout(async () => {
        const current = model();
        if (!current) {
            return;
        }
        const input = readInput(current);
        const run = ++state.estimateRun;
        const price = $('price');
        if (!key()) {
            price.textContent = credits(catalogPrice(current, input));
            return;
        }
        try {
            const { estimate } = await request(key(), ESTIMATE, { input });
            if (run === state.estimateRun) {
                price.textContent = estimate.cached ? `${credits(0)} (cached)` : credits(estimate.credits);
            }
        } catch (error) {
            if (run === state.estimateRun) {
                // Input rules are told beside their fields on Generate; until then the catalog's price stands.
                price.textContent = credits(catalogPrice(current, input));
            }
        }
    }, 200);
}

function updateGraphiqlLink() {
    const current = model();
    if (!current) {
        return;
    }
    const demo = document.querySelector('meta[name="playground-demo-key"]')?.content;
    const header = key() && key() === demo ? key() : '<your API key>';
    const parameters = new URLSearchParams({
        query: GENERATE,
        variables: JSON.stringify({ input: readInput(current) }, null, 2),
        headers: JSON.stringify({ Authorization: `Bearer ${header}` }),
    });
    $('graphiql-link').href = `/q/graphql-ui/?${parameters}`;
}

function formChanged() {
    updatePrice();
    updateGraphiqlLink();
}

/** Shows a task and, while it runs, follows it live over the websocket. */
function open(task, { follow = true } = {}) {
    state.stopFollowing?.();
    state.stopFollowing = null;
    showTask(task);
    history.replaceState(null, '', `#task=${encodeURIComponent(task.id)}`);
    if (!follow || ended(task)) {
        return;
    }
    state.stopFollowing = subscribe(key(), FOLLOW, { id: task.id }, {
        onNext: (data) => {
            if (data?.task && $('result').dataset.task === data.task.id) {
                showTask(data.task);
                if (ended(data.task)) {
                    refreshAccount();
                    updatePrice();
                }
            }
        },
        onError: (error) => {
            $('task-error').textContent = `Live updates stopped: ${error.message}`;
            $('task-error').hidden = false;
        },
        onComplete: () => {},
    });
}

async function generate(event) {
    event.preventDefault();
    clearErrors();
    const current = model();
    if (!key()) {
        showError(new GraphQLError([{ message: 'Enter an API key first: an API in One key (aio_…), a gateway key '
            + '(gk_…) or a token.', extensions: { code: 'UNAUTHENTICATED' } }]));
        return;
    }
    const button = $('generate');
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
        const { generateImage } = await request(key(), GENERATE, { input: readInput(current) });
        open(generateImage);
        refreshAccount();
        updatePrice();
    } catch (error) {
        showError(error);
    } finally {
        button.removeAttribute('aria-busy');
        button.disabled = state.holding;
    }
}

async function loadHistory({ more = false } = {}) {
    const list = $('history');
    if (!key()) {
        list.replaceChildren();
        $('history-empty').hidden = false;
        $('history-more').hidden = true;
        return;
    }
    try {
        const { tasks } = await request(key(), TASKS, { first: HISTORY_PAGE, after: more ? state.historyCursor : null });
        const items = tasks.edges.map((edge) => historyItem(edge.node, (task) => reopen(task.id)));
        if (more) {
            list.append(...items);
        } else {
            list.replaceChildren(...items);
        }
        state.historyCursor = tasks.pageInfo.endCursor;
        $('history-more').hidden = !tasks.pageInfo.hasNextPage;
        $('history-empty').hidden = list.children.length > 0;
        $('history-empty').textContent = 'No tasks yet for this key.';
    } catch (error) {
        if (error instanceof GraphQLError && error.code === 'UNAUTHENTICATED') {
            // Told beside the key, without taking the focus from wherever the person is typing.
            keyRefused(error);
        }
    }
}

async function loadUsage() {
    if (!key()) {
        return;
    }
    try {
        const { usage } = await request(key(), USAGE);
        showUsage(usage);
    } catch {
        // The usage panel keeps its last figures; the form reports credential problems.
    }
}

function refreshAccount() {
    loadHistory();
    loadUsage();
}

/** A task from the history or the address, read afresh (its images may have been kept since). */
async function reopen(id) {
    try {
        const { task } = await request(key(), TASK, { id });
        if (task) {
            open(task);
            $('result-title').scrollIntoView({ block: 'start' });
        }
    } catch (error) {
        showError(error);
    }
}

function keyChanged() {
    clearErrors();
    const value = key();
    if (value) {
        sessionStorage.setItem(KEY_STORAGE, value);
    } else {
        sessionStorage.removeItem(KEY_STORAGE);
    }
    formChanged();
    refreshAccount();
}

async function start() {
    const demo = document.querySelector('meta[name="playground-demo-key"]')?.content ?? '';
    $('api-key').value = sessionStorage.getItem(KEY_STORAGE) ?? demo;
    if (!sessionStorage.getItem(KEY_STORAGE) && demo) {
        $('api-key-hint').textContent = `Filled in for you: the built-in simulator accepts any aio_ key. `
            + $('api-key-hint').textContent;
    }
    try {
        state.models = (await request(null, MODELS)).models;
    } catch (error) {
        showError(error);
        return;
    }
    renderModels(state.models);
    applyModel(model());

    $('model').addEventListener('change', () => {
        clearErrors();
        applyModel(model());
        formChanged();
    });
    $('generate-form').addEventListener('input', (event) => {
        if (event.target.id !== 'api-key') {
            formChanged();
        }
    });
    $('generate-form').addEventListener('change', (event) => {
        if (event.target.id !== 'api-key') {
            formChanged();
        }
    });
    $('api-key').addEventListener('change', keyChanged);
    $('dice').addEventListener('click', () => {
        $('seed').value = String(randomSeed());
        formChanged();
    });
    $('generate-form').addEventListener('submit', generate);
    $('history-more').addEventListener('click', () => loadHistory({ more: true }));

    formChanged();
    refreshAccount();
    const reopened = /^#task=(.+)$/.exec(location.hash);
    if (reopened && key()) {
        reopen(decodeURIComponent(reopened[1]));
    }
}

start();
