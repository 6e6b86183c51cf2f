package one.apiin.gateway.task;

import static one.apiin.gateway.support.Generations.generate;
import static one.apiin.gateway.support.GraphQL.errorCode;
import static one.apiin.gateway.support.GraphQL.newKey;
import static one.apiin.gateway.support.GraphQL.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import one.apiin.gateway.support.Documents;

@QuarkusTest
class OwnershipAndPagingTest {

    @Test
    void anotherKeyNeitherSeesNorListsTheTask() {
        String owner = newKey();
        String stranger = newKey();
        String id = generate(owner, "a private picture");

        assertThat(post(owner, Documents.TASK, Map.of("id", id)).getString("data.task.id")).isEqualTo(id);
        JsonPath foreign = post(stranger, Documents.TASK, Map.of("id", id));
        assertThat(foreign.getList("errors")).isNull();
        assertThat(foreign.getString("data.task")).isNull();
        assertThat(post(stranger, Documents.TASKS).getList("data.tasks.edges")).isEmpty();
        assertThat(post(stranger, Documents.TASK, Map.of("id", "tsk_doesnotexist")).getString("data.task")).isNull();
    }

    @Test
    void tasksArePagedNewestFirstWithOpaqueCursors() {
        String key = newKey();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(generate(key, "picture number " + i));
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        List<String> seen = new ArrayList<>();
        String after = null;
        List<Boolean> hasNext = new ArrayList<>();
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", 2);
            variables.put("after", after);
            JsonPath page = post(key, Documents.TASKS, variables);
            seen.addAll(page.getList("data.tasks.edges.node.id"));
            hasNext.add(page.getBoolean("data.tasks.pageInfo.hasNextPage"));
            after = page.getString("data.tasks.pageInfo.endCursor");
        } while (hasNext.get(hasNext.size() - 1));

        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(hasNext).containsExactly(true, true, false);
    }

    @Test
    void badPagingArgumentsAreRefused() {
        String key = newKey();
        assertThat(errorCode(post(key, Documents.TASKS, Map.of("first", 0)))).isEqualTo("BAD_USER_INPUT");
        assertThat(errorCode(post(key, Documents.TASKS, Map.of("first", 101)))).isEqualTo("BAD_USER_INPUT");
        assertThat(errorCode(post(key, Documents.TASKS, Map.of("after", "not-a-cursor")))).isEqualTo("BAD_USER_INPUT");
    }

    @Test
    void readingNeedsAKey() {
        assertThat(errorCode(post(null, Documents.TASKS))).isEqualTo("UNAUTHENTICATED");
        assertThat(errorCode(post(null, Documents.TASK, Map.of("id", "tsk_x")))).isEqualTo("UNAUTHENTICATED");
    }
}
