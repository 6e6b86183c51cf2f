package one.apiin.gateway.dialects.openai;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** OpenAI's images API, served by the gateway. */
@ConfigMapping(prefix = "gateway.openai")
public interface OpenAiConfig {

    /**
     * How long {@code POST /v1/images/generations} waits for its task to end before answering 504 with the task id
     * (the generation goes on; {@code GET /api/v1/tasks/{id}} or GraphQL {@code task} tells its end).
     */
    @WithName("wait")
    @WithDefault("60s")
    Duration waitTime();
}
