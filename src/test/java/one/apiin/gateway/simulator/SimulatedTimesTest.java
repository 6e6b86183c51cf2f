package one.apiin.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import one.apiin.gateway.catalog.ModelCatalog;
import one.apiin.gateway.catalog.ModelCatalogTest;

/**
 * The simulator takes as long as the model it stands for (the catalog's typical time), unless one time is set for
 * every model (the tests' 1.5 s) or the prompt says; its status answers report the progress along the way.
 */
class SimulatedTimesTest {

    static final ModelCatalog CATALOG = new ModelCatalog(new ModelCatalogTest.Config(Optional.empty(), false),
            new ObjectMapper().findAndRegisterModules());
    static final long NOW = 1_800_000_000_000L;

    record Config(Optional<Duration> duration, Duration unknownModelDuration, Optional<Boolean> controlEnabled)
            implements
                SimulatorConfig {
    }

    static SimulatedTaskId create(Optional<Duration> everyModel, String model, String prompt) {
        TaskFactory factory = new TaskFactory(new Config(everyModel, Duration.ofSeconds(3), Optional.empty()), CATALOG);
        return factory.create(new CreateRequest(model, prompt, "1:1", null, 1, null, null, null), PromptMarkers.parse(prompt),
                NOW);
    }

    @Test
    void eachModelTakesItsTypicalTime() {
        assertThat(create(Optional.empty(), "imagen4-fast", "a cat").durationMillis()).isEqualTo(4_000);
        assertThat(create(Optional.empty(), "imagen4", "a cat").durationMillis()).isEqualTo(8_000);
        assertThat(create(Optional.empty(), "imagen4-ultra", "a cat").durationMillis()).isEqualTo(12_000);
        assertThat(create(Optional.empty(), "gpt-image-1.5-official", "a cat").durationMillis()).isEqualTo(30_000);
        assertThat(create(Optional.empty(), "not-in-the-catalog", "a cat").durationMillis()).isEqualTo(3_000);
    }

    @Test
    void oneTimeForEveryModelOrThePromptsOwn() {
        Optional<Duration> fast = Optional.of(Duration.ofMillis(1_500));
        assertThat(create(fast, "gpt-image-1.5-official", "a cat").durationMillis()).isEqualTo(1_500);
        assertThat(create(Optional.empty(), "gpt-image-1.5-official", "a cat sim:duration=200").durationMillis())
                .isEqualTo(200);
    }

    @Test
    void theProgressGrowsWithTheModelsTime() {
        SimulatedTaskId slow = create(Optional.empty(), "gpt-image-1.5-official", "a cat");
        SimulatedTaskId fast = create(Optional.empty(), "imagen4-fast", "a cat");
        String base = "http://127.0.0.1/simulator/images/";
        assertThat(TaskProgress.view("t", fast, NOW + 1_000, base).progress()).isEqualTo(25);
        assertThat(TaskProgress.view("t", fast, NOW + 2_000, base).progress()).isEqualTo(50);
        assertThat(TaskProgress.view("t", fast, NOW + 4_000, base).status()).isEqualTo(SimulatedTaskView.COMPLETED);
        assertThat(TaskProgress.view("t", slow, NOW + 3_000, base).progress()).isEqualTo(10);
        assertThat(TaskProgress.view("t", slow, NOW + 15_000, base).progress()).isEqualTo(50);
        assertThat(TaskProgress.view("t", slow, NOW + 29_000, base).status()).isEqualTo(SimulatedTaskView.IN_PROGRESS);
    }
}
