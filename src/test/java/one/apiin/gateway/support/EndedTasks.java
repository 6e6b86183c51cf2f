package one.apiin.gateway.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import one.apiin.gateway.task.TaskEnded;

/** Counts how often each task is announced as ended on this replica (it must be once: metrics, cache, limits). */
@ApplicationScoped
public class EndedTasks {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    void ended(@Observes TaskEnded event) {
        counts.merge(event.task().id(), 1, Integer::sum);
    }

    public int times(String taskId) {
        return counts.getOrDefault(taskId, 0);
    }
}
