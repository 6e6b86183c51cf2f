// SUBSCRIPTIONS live subscriptions over TASKS tasks on one replica: KEYS owners, each with TASKS/KEYS tasks; each
// connection carries up to 50 subscriptions (the per-connection cap). Every subscription must see its task's final
// state; delivery delay = when it arrived - the final state's updatedAt (stored change; same machine clock).
//   node subscribers.mjs <base-url> <pid-of-the-gateway> [subscriptions] [tasks] [duration-ms]
import WebSocket from "ws";
import fs from "node:fs";

const [base, pid] = process.argv.slice(2, 4);
const SUBSCRIPTIONS = Number(process.argv[4] ?? 20000);
const TASKS = Number(process.argv[5] ?? 200);
const DURATION = Number(process.argv[6] ?? 60000);
const KEYS = 4;
const PER_CONNECTION = 50;

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
const keys = Array.from({ length: KEYS }, (_, k) => `aio_subs_${k}_${Date.now()}`);
const tasks = [];
for (let t = 0; t < TASKS; t++) {
  const key = keys[t % KEYS];
  tasks.push({ key, id: await generate(key, `subscribers ${t} ${Date.now()} sim:duration=${DURATION}`) });
}
const created = Date.now();
const rssBefore = rss();
let open = 0, ended = 0, failed = 0, closedEarly = 0;
const delays = [];
const sockets = [];
const perKey = keys.map((key) => ({ key, tasks: tasks.filter((t) => t.key === key) }));
const openedAll = new Promise((resolveAll) => {
  let remaining = SUBSCRIPTIONS;
  let connections = 0;
  for (const { key, tasks: owned } of perKey) {
    const mine = SUBSCRIPTIONS / KEYS;
    for (let c = 0; c < mine / PER_CONNECTION; c++) {
      connections++;
      const ws = new WebSocket(`${base.replace("http", "ws")}/graphql`, "graphql-transport-ws");
      sockets.push(ws);
      ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${key}` } })));
      ws.on("message", (raw) => {
        const m = JSON.parse(raw.toString());
        if (m.type === "ping") {
          ws.send(JSON.stringify({ type: "pong" }));  // as graphql-ws clients do: the gateway closes silent sockets
        } else if (m.type === "connection_ack") {
          for (let s = 0; s < PER_CONNECTION; s++) {
            const task = owned[(c * PER_CONNECTION + s) % owned.length];
            ws.send(JSON.stringify({ id: String(s), type: "subscribe", payload: {
              query: "subscription($id: ID!) { task(id: $id) { status updatedAt } }", variables: { id: task.id } } }));
          }
        } else if (m.type === "next") {
          const t = m.payload?.data?.task;
          if (!t) { failed++; return; }
          if (t.status === "SUCCEEDED" || t.status === "FAILED") {
            delays.push(Date.now() - Date.parse(t.updatedAt));
            ended++;
          } else if (!ws[`seen${m.id}`]) {
            ws[`seen${m.id}`] = true;
            open++;
            if (--remaining === 0) resolveAll();
          }
        } else if (m.type === "error") {
          failed++;
        }
      });
      ws.on("error", () => { failed++; });
      ws.on("close", (code) => { if (code !== 1000 && code !== 1005) closedEarly++; });
    }
  }
});
await openedAll;
const openedIn = Date.now() - created;
const rssOpen = rss();
while (ended + failed < SUBSCRIPTIONS && Date.now() - created < DURATION + 60000) {
  await new Promise((r) => setTimeout(r, 200));
}
delays.sort((a, b) => a - b);
const pct = (p) => delays[Math.min(delays.length - 1, Math.ceil((p / 100) * delays.length) - 1)];
console.log(JSON.stringify({ subscriptions: SUBSCRIPTIONS, tasks: TASKS, opened: open, ended, failed, closedEarly,
  openSeconds: openedIn / 1000, rssMiBBefore: rssBefore, rssMiBOpen: rssOpen,
  delayMsP50: pct(50), delayMsP99: pct(99), delayMsMax: delays[delays.length - 1] }));
sockets.forEach((ws) => ws.terminate());
process.exit(ended === SUBSCRIPTIONS ? 0 : 1);
