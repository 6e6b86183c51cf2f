// Verifies one webhook delivery with the Standard Webhooks library, as a receiver would.
// stdin: {"secret": "whsec_…", "headers": {"webhook-id": …, "webhook-timestamp": …, "webhook-signature": …}, "body": "…"}
// stdout: the verified payload (JSON); exit 1 with the library's message when it refuses the delivery.
import { Webhook } from 'standardwebhooks';

let input = '';
for await (const chunk of process.stdin) {
  input += chunk;
}
const { secret, headers, body } = JSON.parse(input);
try {
  const payload = new Webhook(secret).verify(body, headers);
  process.stdout.write(JSON.stringify({ verified: true, payload }));
} catch (e) {
  process.stdout.write(JSON.stringify({ verified: false, message: e.message }));
  process.exit(1);
}
