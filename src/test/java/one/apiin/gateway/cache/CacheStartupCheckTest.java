package one.apiin.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import one.apiin.gateway.auth.AuthConfig;
import one.apiin.gateway.auth.AuthMode;

/** A shared cache with pass-through keys is refused at start unless the operator accepts it explicitly. */
class CacheStartupCheckTest {

    record Cache(CacheConfig.Scope scope, boolean sharedWithPassThrough) implements CacheConfig {
        @Override
        public Duration resultTtl() {
            return Duration.ofDays(1);
        }

        @Override
        public Duration inflightTtl() {
            return Duration.ofMinutes(10);
        }

        @Override
        public String prefix() {
            return "test";
        }
    }

    record Auth(Set<AuthMode> modes) implements AuthConfig {
        @Override
        public String adminGroup() {
            return "gateway-admin";
        }

        @Override
        public Duration revocationCheckInterval() {
            return Duration.ofSeconds(10);
        }
    }

    @Test
    void sharedScopeWithPassThroughKeysIsRefusedUnlessAccepted() {
        assertThat(CacheStartupCheck.refusal(new Cache(CacheConfig.Scope.SHARED, false),
                new Auth(Set.of(AuthMode.PASS_THROUGH, AuthMode.JWT)))).contains("GATEWAY_CACHE_SHARED_WITH_PASS_THROUGH");
        assertThat(CacheStartupCheck.refusal(new Cache(CacheConfig.Scope.SHARED, true),
                new Auth(Set.of(AuthMode.PASS_THROUGH)))).isNull();
        assertThat(CacheStartupCheck.refusal(new Cache(CacheConfig.Scope.SHARED, false),
                new Auth(Set.of(AuthMode.JWT, AuthMode.GATEWAY_KEY)))).isNull();
        assertThat(CacheStartupCheck.refusal(new Cache(CacheConfig.Scope.OWNER, false),
                new Auth(Set.of(AuthMode.PASS_THROUGH)))).isNull();
    }
}
