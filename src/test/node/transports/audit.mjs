// GraphQL over HTTP: graphql-http's own server audits against the running gateway. Prints one JSON line per audit
// ({id, name, status, reason}) and writes the Markdown report to the path given second.
import { serverAudits } from 'graphql-http';
import { writeFileSync } from 'node:fs';

const [url, reportPath] = process.argv.slice(2);
const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const status = result.status;
  const reason = result.reason ?? '';
  results.push({ id: audit.id, name: audit.name, status, reason });
  console.log(JSON.stringify({ id: audit.id, name: audit.name, status, reason }));
}
const count = (status) => results.filter((r) => r.status === status).length;
const level = (name) => name.split(' ')[0];
const lines = [
  '# GraphQL over HTTP: the audit',
  '',
  'The report of [graphql-http](https://github.com/graphql/graphql-http) ' +
    `${JSON.parse((await import('node:fs')).readFileSync(new URL('./node_modules/graphql-http/package.json', import.meta.url))).version}` +
    "'s `serverAudits` against the gateway's `/graphql`, written by `GraphQLOverHttpAuditTest` on every run " +
    '(`src/test/node/transports/audit.mjs`). `ok`: passed; `warn`: a SHOULD not met; `error`: a MUST not met; `notice`: a MAY not taken.',
  '',
  `${results.length} audits: ${count('ok')} ok, ${count('warn')} warn, ${count('error')} error, ${count('notice')} notice.`,
  '',
  '| id | audit | level | outcome | reason |',
  '|---|---|---|---|---|',
  ...results.map((r) => `| ${r.id} | ${r.name.replaceAll('|', '\\|')} | ${level(r.name)} | ${r.status} | ${r.reason.replaceAll('|', '\\|').replaceAll('\n', ' ')} |`),
  '',
];
if (reportPath) writeFileSync(reportPath, lines.join('\n'));
