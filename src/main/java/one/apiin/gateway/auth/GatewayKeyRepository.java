package one.apiin.gateway.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class GatewayKeyRepository implements PanacheRepositoryBase<GatewayKey, String> {

    Uni<GatewayKey> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResult();
    }

    Uni<List<GatewayKey>> newestFirst() {
        return listAll(Sort.descending("createdAt", "id"));
    }

    /** Of these ids, those of keys that no longer work: revoked or expired. */
    Uni<List<String>> unusable(Collection<String> ids, Instant now) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select k.id from GatewayKey k where k.id in :ids and (k.revokedAt is not null or k.expiresAt <= :now)",
                String.class).setParameter("ids", ids).setParameter("now", now).getResultList());
    }
}
