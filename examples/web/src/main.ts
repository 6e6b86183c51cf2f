import { gateway } from './client.js';
import { mount } from './page.js';

// `npm run dev` serves this page on http://localhost:5173; a gateway in dev mode (bash scripts/dev.sh) allows that
// origin. VITE_GATEWAY_URL and VITE_API_KEY choose another gateway and key.
const env = (import.meta as ImportMeta & { env?: Record<string, string | undefined> }).env ?? {};
const { client } = gateway({
  url: env.VITE_GATEWAY_URL ?? 'http://localhost:8080',
  apiKey: env.VITE_API_KEY ?? 'aio_example',
  // A gateway with GATEWAY_PERSISTED_DOCUMENTS=trusted and this build's src/gql/persisted-documents.json.
  trusted: env.VITE_TRUSTED === 'true',
});
mount(document.getElementById('app')!, client);
