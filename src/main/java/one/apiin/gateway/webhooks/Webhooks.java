package one.apiin.gateway.webhooks;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import one.apiin.gateway.error.BadUserInputException;
import one.apiin.gateway.error.BadUserInputException.FieldError;
import one.apiin.gateway.task.TaskSnapshot;

/**
 * The one entry of the webhooks feature: a callback URL checked before anything is created, and the delivery of a
 * task's end registered once the task is stored (before it can have ended, or, for a cache hit, delivered at once).
 */
@ApplicationScoped
public class Webhooks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookOutbox outbox;
    private final WebhookDelivery delivery;

    Webhooks(WebhookOutbox outbox, WebhookDelivery delivery) {
        this.outbox = outbox;
        this.delivery = delivery;
    }

    /**
     * The URL, checked: an absolute http(s) URL without credentials whose host resolves to addresses a delivery may
     * reach; else a refusal naming {@code field}.
     */
    public Uni<String> checked(String url, String field) {
        String problem = WebhookAddresses.problem(url);
        if (problem != null) {
            return Uni.createFrom().failure(refusal(field, problem.replace("callback_url", field)));
        }
        return delivery.target(URI.create(url).getHost()).map(target -> {
            if (target.problem() != null) {
                throw refusal(field, field + " " + target.problem());
            }
            return url;
        });
    }

    /** Delivers the task's end to {@code url}, signed with its owner's secret, however long the task takes. */
    public Uni<Void> register(TaskSnapshot task, String url, String imageBase) {
        return outbox.add(newId(), task.id(), task.ownerHash(), url, imageBase)
                // Ended already (a cache hit), or ended while the row was written: its end was announced before.
                .invoke(() -> delivery.deliverDue(task.id()));
    }

    private static BadUserInputException refusal(String field, String message) {
        return new BadUserInputException(List.of(new FieldError(field, message)));
    }

    private static String newId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
