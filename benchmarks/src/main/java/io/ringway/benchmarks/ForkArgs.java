package io.ringway.benchmarks;

/**
 * JVM arguments every benchmark fork appends, so that {@code java -jar benchmarks.jar} needs no flags of its own.
 * Chronicle Queue reaches into JDK internals and fails on JDK 17+ without these openings (see shared/STACK.md;
 * the same list is {@code chronicle.jvm.flags} in the parent pom). They are single constants because
 * {@code @Fork(jvmArgsAppend)} passes each array element to the JVM as one argument.
 */
final class ForkArgs {
    static final String EXPORT_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String EXPORT_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String EXPORT_UTIL = "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED";
    static final String EXPORT_NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String EXPORT_UNSAFE = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String OPEN_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    /** Chronicle otherwise tries to send usage analytics from the fork. */
    static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** A fixed heap, so that forks on machines of different sizes collect alike. */
    static final String HEAP = "-Xmx2g";
    static final String HEAP_START = "-Xms2g";
    /** The collector setting {@code ./ringway} starts the node with (see its {@code java_flags}). */
    static final String G1_REFINE_IN_PAUSES = "-XX:G1ConcRefinementThreads=0";
    /**
     * The heap's pages are touched when the fork starts, as a server that has run for a while has touched its
     * heap: without it, a short fork that starts a fresh engine every iteration spends 5% of its samples in the
     * kernel clearing pages the heap uses for the first time (the pipeline benchmark, perf, seventh session).
     */
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    private ForkArgs() {
    }
}
