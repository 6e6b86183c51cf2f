package one.apiin.gateway.observability;

import static io.restassured.RestAssured.given;
import static one.apiin.gateway.support.GraphQL.awaitEnd;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import one.apiin.gateway.support.Documents;
import one.apiin.gateway.support.Management;

/** The business metrics an operator's dashboard is built on, present and moving after generations. */
@QuarkusTest
class BusinessMetricsTest {

    @Test
    void generationsShowInTheBusinessMetrics() {
        double charged = value(metrics(), "gateway_credits_charged_total\\{dialect=\"graphql\",model=\"imagen4-fast\"\\}");
        double savedByCache = value(metrics(), "gateway_credits_saved_total\\{dialect=\"graphql\",reason=\"cache\"\\}");
        String key = newKey();
        Map<String, Object> input = Map.of("prompt", "a metered lighthouse " + System.nanoTime(), "model", "imagen4-fast",
                "numImages", 2, "seed", 11);
        awaitEnd(key, post(key, Documents.GENERATE, Map.of("input", input)).getString("data.generateImage.id"));
        post(key, Documents.GENERATE, Map.of("input", input));

        String metrics = metrics();
        assertThat(value(metrics, "gateway_tasks_total\\{dialect=\"graphql\",model=\"imagen4-fast\",status=\"SUCCEEDED\"\\}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "gateway_credits_charged_total\\{dialect=\"graphql\",model=\"imagen4-fast\"\\}"))
                .isEqualTo(charged + 8);
        assertThat(value(metrics, "gateway_credits_saved_total\\{dialect=\"graphql\",reason=\"cache\"\\}"))
                .isEqualTo(savedByCache + 8);
        assertThat(metrics).contains("gateway_credits_saved_total{dialect=\"graphql\",reason=\"sharing\"}")
                .contains("gateway_upstream_requests_seconds_bucket{kind=\"create\",outcome=\"2xx\"")
                .contains("gateway_upstream_requests_seconds_count{kind=\"status\",outcome=\"2xx\"}")
                .contains("gateway_subscriptions_open ").contains("gateway_tasks_tracked ")
                .contains("gateway_tasks_taken_over_total ");
    }

    private static String metrics() {
        return given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
    }

    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
