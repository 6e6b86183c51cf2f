package one.apiin.gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The log records of one logger (and the loggers under it) while a test listens: what the console would show, read
 * back. Close it to stop listening.
 */
public final class LogLines extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Predicate<LogRecord> which;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogLines(String loggerName, Predicate<LogRecord> which) {
        this.logger = Logger.getLogger(loggerName);
        this.which = which;
        logger.addHandler(this);
    }

    /** Every record of the logger {@code loggerName} ("" for all) that {@code which} accepts. */
    public static LogLines listen(String loggerName, Predicate<LogRecord> which) {
        return new LogLines(loggerName, which);
    }

    /** The records of the logger {@code loggerName} at {@code level} or above. */
    public static LogLines atLeast(String loggerName, Level level) {
        return listen(loggerName, record -> record.getLevel().intValue() >= level.intValue());
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages as printed: printf-style arguments filled in. */
    public List<String> messages() {
        return records.stream().map(LogLines::message).toList();
    }

    static String message(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }

    @Override
    public void publish(LogRecord record) {
        if (which.test(record)) {
            records.add(record);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
