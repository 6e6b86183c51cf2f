// graphql-sse's own client (distinct connections) following one task: prints each result as a JSON line, then
// {"complete": true} when the server completes the stream.
import { createClient } from 'graphql-sse';

const [url, key, id] = process.argv.slice(2);
const client = createClient({
  url,
  singleConnection: false,
  retryAttempts: 0,
  headers: key ? { Authorization: `Bearer ${key}` } : {},
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
  client.dispose();
}
