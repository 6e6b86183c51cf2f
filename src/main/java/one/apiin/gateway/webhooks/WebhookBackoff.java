package one.apiin.gateway.webhooks;

import java.time.Duration;

/** When a failed delivery is tried again, decided from the attempts made so far. */
final class WebhookBackoff {

    private WebhookBackoff() {
    }

    /** The pause after {@code attempts} failed attempts (1 or more); null once they are all used: give up. */
    static Duration after(int attempts, WebhooksConfig config) {
        if (attempts >= config.maxAttempts()) {
            return null;
        }
        Duration pause = config.initialBackoff();
        for (int i = 1; i < attempts && pause.compareTo(config.maxBackoff()) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : pause;
    }
}
