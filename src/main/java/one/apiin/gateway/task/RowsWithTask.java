package one.apiin.gateway.task;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Rows of another table written in the same statement as a new task, as a common table expression before the task's
 * INSERT: both are written, or neither, in one round trip and one commit (a cache hit's references to the images it
 * reuses, from the images feature, which knows their table).
 *
 * @param sql the expression's body, given the number of its first parameter (the task's own come first)
 * @param values its parameters, in order
 * @param refused which failure of the statement means these rows cannot be written (then neither is)
 */
public record RowsWithTask(IntFunction<String> sql, List<Object> values, Predicate<Throwable> refused) {
}
