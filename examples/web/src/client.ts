import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';

import { Estimate, FollowTask, GenerateImage } from './documents.js';
import type { GenerateImageInput, TaskFieldsFragment } from './gql/graphql.js';

export type Task = TaskFieldsFragment;

export interface GatewayOptions {
  /** The gateway's base URL, e.g. http://localhost:8080 */
  url: string;
  /** An API in One key (aio_…), a gateway key (gk_…) or a token: sent as Authorization: Bearer … */
  apiKey: string;
  /** Where there is no global WebSocket (Node 20): the ws package's. */
  webSocketImpl?: unknown;
}

export interface Gateway {
  client: Client;
  /** Closes the websocket (a page never needs to; a Node process does, to exit). */
  close(): Promise<void>;
}

/** An urql client for the gateway: queries and mutations over HTTP, the task subscription over graphql-ws. */
export function gateway({ url, apiKey, webSocketImpl }: GatewayOptions): Gateway {
  // Browsers cannot set headers on websockets: the key goes in connection_init's payload.
  const ws = createWsClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    connectionParams: { Authorization: `Bearer ${apiKey}` },
    webSocketImpl,
    lazy: true,
  });
  const client = new Client({
    url: `${url}/graphql`,
    // The gateway takes GraphQL as POST only (urql would send short queries as GET).
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${apiKey}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, close: async () => ws.dispose() };
}

/** A GraphQL error's code (extensions.code), for showing it where it belongs. */
export class GatewayError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

function failure(error: { graphQLErrors: { message: string; extensions?: Record<string, unknown> }[]; message: string }) {
  const first = error.graphQLErrors[0];
  return new GatewayError(first?.message ?? error.message, String(first?.extensions?.code ?? 'NETWORK'));
}

/** What the request would cost now, in credits (0 when it would come from the cache). */
export async function price(client: Client, input: GenerateImageInput): Promise<number> {
  const result = await client.query(Estimate, { input }, { requestPolicy: 'network-only' }).toPromise();
  if (result.error || !result.data) {
    throw failure(result.error ?? { graphQLErrors: [], message: 'no answer' });
  }
  return result.data.estimate.cached ? 0 : result.data.estimate.credits;
}

/** Starts a generation; the gateway answers at once with the task. */
export async function generate(client: Client, input: GenerateImageInput): Promise<Task> {
  const result = await client.mutation(GenerateImage, { input }).toPromise();
  if (result.error || !result.data) {
    throw failure(result.error ?? { graphQLErrors: [], message: 'no answer' });
  }
  return result.data.generateImage;
}

/** Follows a task live until it ends: onUpdate sees each state; resolves with the last one. */
export function follow(client: Client, id: string, onUpdate: (task: Task) => void = () => {}): Promise<Task> {
  return new Promise((resolve, reject) => {
    const { unsubscribe } = client.subscription(FollowTask, { id }).subscribe((result) => {
      if (result.error) {
        unsubscribe();
        reject(failure(result.error));
        return;
      }
      if (result.data) {
        const task = result.data.task;
        onUpdate(task);
        if (task.status === 'SUCCEEDED' || task.status === 'FAILED') {
          unsubscribe();
          resolve(task);
        }
      }
    });
  });
}
