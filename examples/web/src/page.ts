import type { Client } from '@urql/core';

import { follow, GatewayError, generate, price, type Task } from './client.js';

/**
 * The minimal page: a prompt, its price, Generate, the progress and the image. Everything is created in `root`'s own
 * document (the browser's, or a test's), and text is always set as text.
 */
export function mount(root: HTMLElement, client: Client): void {
  const doc = root.ownerDocument;

  const form = doc.createElement('form');
  const label = doc.createElement('label');
  label.htmlFor = 'prompt';
  label.textContent = 'Prompt';
  const prompt = doc.createElement('input');
  prompt.id = 'prompt';
  prompt.value = 'a lighthouse at dawn';
  const cost = doc.createElement('output');
  cost.id = 'price';
  const button = doc.createElement('button');
  button.type = 'submit';
  button.textContent = 'Generate';
  const progress = doc.createElement('progress');
  progress.max = 100;
  progress.value = 0;
  progress.setAttribute('aria-label', 'Progress');
  const status = doc.createElement('p');
  status.id = 'status';
  status.setAttribute('role', 'status');
  const images = doc.createElement('div');
  images.id = 'images';
  form.append(label, prompt, cost, button);
  root.append(form, progress, status, images);

  const input = () => ({ prompt: prompt.value, model: 'imagen4-fast', numImages: 1 });
  const image = (task: Task, { url, width, height }: Task['images'][number]) => {
    const img = doc.createElement('img');
    img.src = url;
    img.alt = task.prompt;
    img.width = width ?? 1024;
    img.height = height ?? 1024;
    return img;
  };
  const show = (task: Task) => {
    progress.value = task.status === 'SUCCEEDED' ? 100 : task.progress ?? 0;
    status.textContent = task.error ? `${task.status}: ${task.error.message}` : task.status;
    images.replaceChildren(...task.images.map((each) => image(task, each)));
  };
  const shown = (error: unknown) => {
    status.textContent = error instanceof GatewayError ? `${error.code}: ${error.message}` : String(error);
  };

  const updatePrice = () => price(client, input()).then((credits) => {
    cost.textContent = `${credits} credits`;
  }, shown);
  prompt.addEventListener('input', updatePrice);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const task = await generate(client, input());
      show(task);
      show(await follow(client, task.id, show));
    } catch (error) {
      shown(error);
    } finally {
      button.disabled = false;
    }
  });
  void updatePrice();
}
