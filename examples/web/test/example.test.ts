import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Window } from 'happy-dom';
import WebSocket from 'ws';

import { follow, gateway, generate, price } from '../src/client.js';
import { mount } from '../src/page.js';

// Against a running gateway (GATEWAY_URL; the project's test suite starts one with the simulator as the upstream).
// GATEWAY_TRUSTED=true: that gateway runs only this build's persisted-documents.json, so the client sends hashes.
const url = process.env.GATEWAY_URL ?? 'http://localhost:8080';
const trusted = process.env.GATEWAY_TRUSTED === 'true';
const apiKey = `aio_example_${Date.now()}`;
const connection = gateway({ url, apiKey, webSocketImpl: WebSocket, trusted });
const { client } = connection;

test.after(() => connection.close());

test('a document of no build is run only where the gateway trusts any', async () => {
  const answer = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: '{ models { id } }' }),
  });
  const body = (await answer.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  if (trusted) {
    assert.equal(body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_IN_LIST');
  } else {
    assert.ok(body.data, JSON.stringify(body));
  }
});

test('the price, a generation followed live to its image, typed end to end', async () => {
  const input = { prompt: 'a lighthouse at dawn', model: 'imagen4-fast', numImages: 2, seed: 7 };
  assert.equal(await price(client, input), 8);
  const task = await generate(client, input);
  assert.match(task.id, /\S+/);
  const seen: string[] = [];
  const done = await follow(client, task.id, (update) => seen.push(update.status));
  assert.equal(done.status, 'SUCCEEDED');
  assert.equal(done.creditsCharged, 8);
  assert.equal(done.images.length, 2);
  const image = await fetch(done.images[0]!.url);
  assert.equal(image.status, 200);
  assert.match(image.headers.get('content-type') ?? '', /^image\//);
  assert.ok(seen.length >= 1, 'the subscription sent the task before its end');
  assert.equal(await price(client, input), 0, 'the same seeded request is now cached');
});

test('the page shows the price, then the image', async () => {
  const window = new Window({ url });
  const root = window.document.createElement('main');
  window.document.body.append(root);
  mount(root as unknown as HTMLElement, client);
  const until = async (what: string, condition: () => boolean) => {
    for (let i = 0; i < 300 && !condition(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(condition(), what);
  };
  await until('the price shown', () => root.querySelector('#price')?.textContent === '4 credits');
  (root.querySelector('button') as unknown as HTMLButtonElement).click();
  await until('the image shown', () => root.querySelector('#images img') !== null);
  const img = root.querySelector('#images img') as unknown as HTMLImageElement;
  assert.equal(img.alt, 'a lighthouse at dawn');
  assert.ok(img.getAttribute('src')?.startsWith('http'));
  assert.equal(root.querySelector('#status')?.textContent, 'SUCCEEDED');
  await window.happyDOM.close();
});

