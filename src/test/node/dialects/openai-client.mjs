// Drives the gateway's OpenAI dialect with the official OpenAI SDK, as its users do.
// env: GATEWAY_URL (the app under test), API_KEY, SCENARIO (JSON: {"calls": [{"name", "method", "args"}]})
// stdout: one JSON object, per call either {"ok": true, "value": …} or {"ok": false, "status", "error", "headers"}.
import OpenAI from 'openai';

const client = new OpenAI({
  apiKey: process.env.API_KEY,
  baseURL: `${process.env.GATEWAY_URL}/v1`,
  maxRetries: 0,
  timeout: 60000,
});

const methods = {
  generate: (args, options) => client.images.generate(args, options),
  listModels: async () => {
    const models = [];
    for await (const model of client.models.list()) {
      models.push(model);
    }
    return models;
  },
  retrieveModel: (args) => client.models.retrieve(args.model),
};

const results = {};
for (const call of JSON.parse(process.env.SCENARIO).calls) {
  try {
    const options = call.idempotencyKey ? { headers: { 'Idempotency-Key': call.idempotencyKey } } : undefined;
    results[call.name] = { ok: true, value: await methods[call.method](call.args ?? {}, options) };
  } catch (e) {
    if (!(e instanceof OpenAI.APIError)) {
      results[call.name] = { ok: false, status: null, message: String(e) };
      continue;
    }
    results[call.name] = {
      ok: false,
      kind: e.constructor.name,
      status: e.status ?? null,
      error: e.error ?? null,
      code: e.code ?? null,
      param: e.param ?? null,
      type: e.type ?? null,
      retryAfter: e.headers?.get?.('retry-after') ?? null,
    };
  }
}
process.stdout.write(JSON.stringify(results));
