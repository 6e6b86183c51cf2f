// urql with its persisted-queries exchange (automatic persisted queries, hashes sent as GET): the same query twice.
// Prints {first, second, requests}: the answers, and each HTTP request the client made (method, whether it carried
// the document, its status).
import { Client, fetchExchange, gql } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';

const [url, suffix] = process.argv.slice(2);
const requests = [];
const recordingFetch = async (input, init = {}) => {
  const target = new URL(typeof input === 'string' ? input : input.url);
  const body = typeof init.body === 'string' ? init.body : '';
  const response = await fetch(input, init);
  requests.push({
    method: init.method ?? 'GET',
    document: target.searchParams.has('query') || body.includes('"query"'),
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
  });
  return response;
};
const client = new Client({
  url,
  fetch: recordingFetch,
  requestPolicy: 'network-only',
  exchanges: [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
});
const query = gql(`query Models${suffix} { models { id creditsPerImage } }`);
const answer = async () => {
  const result = await client.query(query, {}).toPromise();
  return { models: result.data?.models?.length ?? null, error: result.error?.message ?? null };
};
const first = await answer();
const second = await answer();
console.log(JSON.stringify({ first, second, requests }));
