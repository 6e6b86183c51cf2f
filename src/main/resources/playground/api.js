// The gateway's GraphQL API on this page's own origin: queries and mutations over HTTP, subscriptions over a
// websocket speaking graphql-transport-ws (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md). The
// protocol is small enough to speak here in a few lines, so the page needs no library and no build step.

/** A GraphQL error answer: the first error's message and code, and all of them for the fields. */
export class GraphQLError extends Error {
    constructor(errors) {
        super(errors[0]?.message ?? 'The gateway answered with an error');
        this.errors = errors;
        this.code = errors[0]?.extensions?.code ?? 'INTERNAL';
        this.extensions = errors[0]?.extensions ?? {};
    }
}

function authorization(key) {
    return key ? { Authorization: `Bearer ${key}` } : {};
}

/** Runs a query or mutation; resolves with its data, rejects with a GraphQLError (or a network TypeError). */
export async function request(key, query, variables = {}) {
    const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json', ...authorization(key) },
        body: JSON.stringify({ query, variables }),
    });
    let body;
    try {
        body = await response.json();
    } catch {
        throw new GraphQLError([{ message: `The gateway answered HTTP ${response.status}`, extensions: { code: 'INTERNAL' } }]);
    }
    if (body.errors?.length) {
        throw new GraphQLError(body.errors);
    }
    return body.data;
}

/**
 * Subscribes over graphql-transport-ws on a connection of its own (one task at a time on this page).
 * Calls onNext with each result's data, onError with a GraphQLError, onComplete at the end; returns a function
 * that stops it.
 */
export function subscribe(key, query, variables, { onNext, onError, onComplete }) {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    const socket = new WebSocket(url, 'graphql-transport-ws');
    const id = crypto.randomUUID ? crypto.randomUUID() : String(Date.now());
    let done = false;
    const finish = (callback, value) => {
        if (!done) {
            done = true;
            callback?.(value);
            if (socket.readyState === WebSocket.OPEN) {
                socket.close(1000, 'done');
            }
        }
    };
    socket.addEventListener('open', () => {
        if (done) {
            socket.close(1000, 'done');
            return;
        }
        socket.send(JSON.stringify({ type: 'connection_init', payload: authorization(key) }));
    });
    socket.addEventListener('message', (event) => {
        const message = JSON.parse(event.data);
        switch (message.type) {
            case 'connection_ack':
                socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
                break;
            case 'ping':
                socket.send(JSON.stringify({ type: 'pong' }));
                break;
            case 'next':
                if (message.payload?.errors?.length) {
                    finish(onError, new GraphQLError(message.payload.errors));
                } else {
                    onNext(message.payload.data);
                }
                break;
            case 'error':
                finish(onError, new GraphQLError(message.payload ?? []));
                break;
            case 'complete':
                finish(onComplete);
                break;
            default:
                break;
        }
    });
    socket.addEventListener('close', (event) => {
        if (!done) {
            finish(onError, new GraphQLError([{
                message: event.reason || 'The live connection closed before the task ended',
                extensions: { code: event.code === 4403 || event.code === 4401 ? 'UNAUTHENTICATED' : 'INTERNAL' },
            }]));
        }
    });
    return () => finish(onComplete);
}
