// graphql-ws's own client (graphql-transport-ws) following one task over a websocket, the key in connection_init:
// prints each result as a JSON line, then {"complete": true}.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, key, id] = process.argv.slice(2);
const client = createClient({
  url: url.replace(/^http/, 'ws'),
  webSocketImpl: WebSocket,
  retryAttempts: 0,
  connectionParams: { Authorization: `Bearer ${key}` },
});
const query = 'subscription Follow($id: ID!) { task(id: $id) { id status creditsCharged images { url } } }';
try {
  await new Promise((resolve, reject) => {
    client.subscribe({ query, variables: { id } }, {
      next: (result) => console.log(JSON.stringify(result)),
      error: reject,
      complete: resolve,
    });
  });
  console.log(JSON.stringify({ complete: true }));
} finally {
  await client.dispose();
}
