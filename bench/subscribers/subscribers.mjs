// Live UIs on one replica, as browsers open them: SUBSCRIPTIONS websocket connections (PER_CONNECTION subscriptions
// each, 1 by default: a browser tab opens one connection), over TASKS tasks of OWNERS owners (each owner its own API
// key; every UI subscribes to a task of its owner). Connections are opened and acknowledged first (idle), then each
// subscribes. The live heap of the gateway (a full GC by `jcmd GC.class_histogram`) and its RSS are read before, with
// the idle connections, and with the subscriptions: heap per idle connection and per subscription. Every subscription
// must see its task's final state; delivery delay = when it arrived - the final state's updatedAt (stored change;
// same machine clock).
//   node subscribers.mjs <base-url> <pid-of-the-gateway> [subscriptions] [tasks] [duration-ms] [per-connection] [owners]
import WebSocket from "ws";
import fs from "node:fs";
import { execFileSync } from "node:child_process";

const [base, pid] = process.argv.slice(2, 4);
const SUBSCRIPTIONS = Number(process.argv[4] ?? 20000);
const TASKS = Number(process.argv[5] ?? 200);
const DURATION = Number(process.argv[6] ?? 60000);
const PER_CONNECTION = Number(process.argv[7] ?? 1);
const OWNERS = Number(process.argv[8] ?? TASKS);
const OPEN_BATCH = 500;
// What a browser's upgrade carries besides the websocket headers (Chromium 156's, no cookie): its headers are held
// by the server for the connection's life, so a bench with a bare client's few headers would under-count the heap.
const BROWSER_HEADERS = {
  "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
  Origin: base, Pragma: "no-cache", "Cache-Control": "no-cache", "Accept-Encoding": "gzip, deflate, br, zstd",
  "Accept-Language": "en-US,en;q=0.9",
};

async function generate(key, prompt) {
  const r = await fetch(`${base}/graphql`, { method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: "mutation($i: GenerateImageInput!) { generateImage(input: $i) { id } }",
      variables: { i: { prompt, model: "imagen4-fast" } } }) });
  const body = await r.json();
  if (!body.data) throw new Error(JSON.stringify(body));
  return body.data.generateImage.id;
}

const rss = () => Math.round(Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]) / 1024);
/** The gateway's live heap in bytes: the class histogram forces a full collection first. */
let histograms = 0;
const liveHeap = () => {
  const out = execFileSync("jcmd", [String(pid), "GC.class_histogram"], { maxBuffer: 64 * 1024 * 1024 }).toString();
  // HISTOGRAMS=<dir> keeps each histogram (before, idle connections, subscriptions) for a diff (bench/README.md)
  if (process.env.HISTOGRAMS) fs.writeFileSync(`${process.env.HISTOGRAMS}/histogram-${histograms++}.txt`, out);
  return Number(out.match(/Total\s+\d+\s+(\d+)/)[1]);
};
const mib = (bytes) => Math.round(bytes / 1024 / 1024);

const keys = Array.from({ length: OWNERS }, (_, k) => `aio_subs_${k}_${Date.now()}`);
const tasks = [];
for (let t = 0; t < TASKS; t++) {
  const key = keys[t % OWNERS];
  tasks.push({ key, id: await generate(key, `subscribers ${t} ${Date.now()} sim:duration=${DURATION}`) });
}
const created = Date.now();
const heapBefore = liveHeap();
const rssBefore = rss();
const connections = Math.ceil(SUBSCRIPTIONS / PER_CONNECTION);
let open = 0, ended = 0, failed = 0, closedEarly = 0, neverAcked = 0;
// A full replica refuses upgrades (503, Retry-After) and subscriptions (RATE_LIMITED) rather than run out of heap:
// counted apart, and the figures per connection and per subscription are over those it took.
let refusedUpgrades = 0, refusedSubscriptions = 0;
const delays = [];
const sockets = [];

function connect(c) {
  const task = tasks[c % TASKS];
  return new Promise((resolve) => {
    let settled = false;
    // A connection the server never answers (its accept refused: out of descriptors) must not hold up the batch.
    const giveUp = setTimeout(() => { neverAcked++; failed++; acked(); ws.terminate(); }, 30000);
    const acked = () => { if (!settled) { settled = true; clearTimeout(giveUp); resolve(); } };
    const ws = new WebSocket(`${base.replace("http", "ws")}/graphql`, "graphql-transport-ws", { headers: BROWSER_HEADERS });
    ws.task = task;
    sockets.push(ws);
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${task.key}` } })));
    ws.on("message", (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.type === "ping") {
        ws.send(JSON.stringify({ type: "pong" }));  // as graphql-ws clients do: the gateway closes silent sockets
      } else if (m.type === "connection_ack") {
        acked();
      } else if (m.type === "next") {
        const t = m.payload?.data?.task;
        if (!t) { failed++; return; }
        if (t.status === "SUCCEEDED" || t.status === "FAILED") {
          delays.push(Date.now() - Date.parse(t.updatedAt));
          ended++;
        } else if (!ws[`seen${m.id}`]) {
          ws[`seen${m.id}`] = true;
          open++;
        }
      } else if (m.type === "error") {
        if (m.payload?.[0]?.extensions?.code === "RATE_LIMITED") refusedSubscriptions++; else failed++;
      }
    });
    ws.on("unexpected-response", (req, res) => {
      if (res.statusCode === 503) refusedUpgrades++; else failed++;
      ws.refused = true;
      acked();
      req.destroy();
    });
    ws.on("error", () => { if (!ws.refused) failed++; acked(); });
    // A connection refused or closed before its ack must not hold up the batch.
    ws.on("close", (code) => { if (!ws.refused && code !== 1000 && code !== 1005) closedEarly++; acked(); });
  });
}

for (let c = 0; c < connections; c += OPEN_BATCH) {
  const batch = [];
  for (let i = c; i < Math.min(connections, c + OPEN_BATCH); i++) batch.push(connect(i));
  await Promise.all(batch);
}
const connectedIn = Date.now() - created;
const heapIdle = liveHeap();
const rssIdle = rss();
let subscribed = 0;
const accepted = sockets.filter((ws) => ws.readyState === WebSocket.OPEN);
accepted.forEach((ws, c) => {
  for (let s = 0; s < PER_CONNECTION && subscribed < SUBSCRIPTIONS; s++, subscribed++) {
    ws.send(JSON.stringify({ id: String(s), type: "subscribe", payload: {
      query: "subscription($id: ID!) { task(id: $id) { status updatedAt } }", variables: { id: ws.task.id } } }));
  }
});
const settledCount = () => open + ended + failed + refusedSubscriptions;
while (settledCount() < subscribed && Date.now() - created < DURATION) {
  await new Promise((r) => setTimeout(r, 100));
}
const openedIn = Date.now() - created;
const heapOpen = liveHeap();
const rssOpen = rss();
const taken = () => subscribed - refusedSubscriptions;
while (ended + failed < taken() && Date.now() - created < DURATION + 60000) {
  await new Promise((r) => setTimeout(r, 200));
}
delays.sort((a, b) => a - b);
const pct = (p) => delays[Math.min(delays.length - 1, Math.ceil((p / 100) * delays.length) - 1)];
console.log(JSON.stringify({ subscriptions: SUBSCRIPTIONS, connections, perConnection: PER_CONNECTION, owners: OWNERS,
  tasks: TASKS, acceptedConnections: accepted.length, refusedUpgrades, subscribed, refusedSubscriptions,
  opened: open, ended, failed, closedEarly, neverAcked, connectSeconds: connectedIn / 1000, openSeconds: openedIn / 1000,
  liveHeapMiB: { before: mib(heapBefore), idleConnections: mib(heapIdle), subscriptions: mib(heapOpen) },
  heapKiBPerIdleConnection: Math.round((heapIdle - heapBefore) / accepted.length / 1024 * 10) / 10,
  heapKiBPerSubscription: Math.round((heapOpen - heapIdle) / Math.max(1, taken()) / 1024 * 10) / 10,
  rssMiB: { before: rssBefore, idleConnections: rssIdle, subscriptions: rssOpen },
  rssKiBPerConnectionWithItsSubscription: Math.round((rssOpen - rssBefore) * 1024 / accepted.length * 10) / 10,
  delayMsP50: pct(50), delayMsP99: pct(99), delayMsMax: delays[delays.length - 1] }));
sockets.forEach((ws) => ws.terminate());
// Every subscription the replica took must have seen its task's end.
process.exit(ended === taken() ? 0 : 1);
