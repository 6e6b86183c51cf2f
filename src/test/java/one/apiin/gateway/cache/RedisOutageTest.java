package one.apiin.gateway.cache;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.Generations.seeded;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Management;

/** Redis stopped and started again under a running gateway: requests go on uncached, then caching comes back. */
@QuarkusTest
@QuarkusTestResource(value = OwnRedis.class, restrictToAnnotatedClass = true)
class RedisOutageTest {

    @Test
    void requestsKeepWorkingWithoutRedisAndCachingReturnsWithIt() {
        String key = newKey();
        Map<String, Object> before = seeded("before the outage");
        awaitEnd(key, generate(key, before).getString("data.generateImage.id"));
        assertThat(generate(key, before).getBoolean("data.generateImage.cached")).isTrue();

        OwnRedis.stopServer();
        try {
            JsonPath during = generate(key, before);
            assertThat(during.getBoolean("data.generateImage.cached")).isFalse();
            assertThat(awaitEnd(key, during.getString("data.generateImage.id")).getString("data.task.status"))
                    .isEqualTo("SUCCEEDED");
            assertThat(readiness().getString("status")).isEqualTo("UP");
            assertThat(readiness().getString("checks.find { it.name == 'gateway' }.data.redis")).startsWith("unavailable");
            assertThat(given().get(Management.url("/q/metrics")).asString()).contains("gateway_redis_available 0.0");
        } finally {
            OwnRedis.startServer();
        }

        Map<String, Object> after = seeded("after the outage");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            awaitEnd(key, generate(key, after).getString("data.generateImage.id"));
            return generate(key, after).getBoolean("data.generateImage.cached");
        });
        assertThat(readiness().getString("checks.find { it.name == 'gateway' }.data.redis")).isEqualTo("available");
        assertThat(given().get(Management.url("/q/metrics")).asString()).contains("gateway_redis_available 1.0");
    }

    private static JsonPath readiness() {
        return given().get(Management.url("/q/health/ready")).then().extract().jsonPath();
    }
}
