import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import type { Exchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { createClient as createWsClient } from 'graphql-ws';

import { Estimate, FollowTask, GenerateImage } from './documents.js';
import manifest from './gql/persisted-documents.json' with { type: 'json' };
import type { GenerateImageInput, TaskFieldsFragment } from './gql/graphql.js';

export type Task = TaskFieldsFragment;

export interface GatewayOptions {
  /** The gateway's base URL, e.g. http://localhost:8080 */
  url: string;
  /** An API in One key (aio_…), a gateway key (gk_…) or a token: sent as Authorization: Bearer … */
  apiKey: string;
  /** Where there is no global WebSocket (Node 20): the ws package's. */
  webSocketImpl?: unknown;
  /**
   * Name each document by its hash instead of sending it, as a gateway with GATEWAY_PERSISTED_DOCUMENTS=trusted
   * requires (it runs only the documents of this build's src/gql/persisted-documents.json, written by codegen).
   */
  trusted?: boolean;
}

export interface Gateway {
  client: Client;
  /** Closes the websocket (a page never needs to; a Node process does, to exit). */
  close(): Promise<void>;
}

/** An urql client for the gateway: queries and mutations over HTTP, the task subscription over graphql-ws. */
export function gateway({ url, apiKey, webSocketImpl, trusted = false }: GatewayOptions): Gateway {
  // Browsers cannot set headers on websockets: the key goes in connection_init's payload.
  const ws = createWsClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    connectionParams: { Authorization: `Bearer ${apiKey}` },
    webSocketImpl,
    lazy: true,
  });
  const client = new Client({
    // Queries go as GET (urql's default), mutations as POST; answers that depend on the key are never cached.
    url: `${url}/graphql`,
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${apiKey}` } }),
    exchanges: [
      ...(trusted ? [byHash] : []),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request, operation) {
          // A websocket subscription is sent in full, as the manifest writes it: the gateway hashes what it receives.
          const query = trusted ? manifestDocument(operation.query) : request.query;
          const input = { ...request, query: query ?? '' };
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

type Manifest = Record<string, string>;

/** The hash codegen put on a document (sha256:<hex>), without its prefix, or undefined for a document of no build. */
function hashOf(document: unknown): string | undefined {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  return hash?.replace(/^sha256:/, '');
}

function manifestDocument(document: unknown): string | undefined {
  const hash = hashOf(document);
  return hash === undefined ? undefined : (manifest as Manifest)[`sha256:${hash}`];
}

/** Queries and mutations by their hash alone (extensions.persistedQuery): never the document. */
const byHash: Exchange = persistedExchange({
  enforcePersistedQueries: true,
  enableForMutation: true,
  generateHash: async (_query, document) => hashOf(document),
});

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
