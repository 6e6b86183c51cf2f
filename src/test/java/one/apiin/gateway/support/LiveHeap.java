package one.apiin.gateway.support;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

/** The test JVM's live heap, as {@code jcmd GC.class_histogram} reads it (a full collection first). */
public final class LiveHeap {

    private LiveHeap() {
    }

    /** Live instances of a class; the same class from two class loaders counts twice. */
    public static long instances(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] { new String[0] }, new String[] { String[].class.getName() });
        long count = 0;
        for (String line : histogram.split("\n")) {
            // "num: instances bytes class-name (module)"
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                count += Long.parseLong(columns[1]);
            }
        }
        return count;
    }
}
