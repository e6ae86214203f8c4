package io.ringway.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Ringway node in a child JVM, so that a test can kill it with SIGKILL and start it again. */
final class EngineProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private EngineProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@link Main} with {@code config} and waits until it reports ready. */
    static EngineProcess start(Path config, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(config)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        EngineProcess engine = new EngineProcess(process, log);
        engine.awaitLog("Ringway ready", 60);
        return engine;
    }

    /** How a node that was not meant to start ended: its exit code, its output, and how long it ran. */
    record Exit(int code, String stdout, String stderr, long millis) {
    }

    /**
     * Runs {@link Main} with {@code config} to its end, a start that fails, for at most {@code seconds}; its
     * standard output and error go to {@code out.log} and {@code err.log} in {@code directory}.
     */
    static Exit runToExit(Path config, Path directory, int seconds) throws IOException, InterruptedException {
        Path stdout = directory.resolve("out.log");
        Path stderr = directory.resolve("err.log");
        long began = System.nanoTime();
        Process process = new ProcessBuilder(command(config)).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the node was still running after " + seconds + " s:\n"
                    + Files.readString(stdout) + Files.readString(stderr));
        }
        return new Exit(process.exitValue(), Files.readString(stdout), Files.readString(stderr),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    private static List<String> command(Path config) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("--enable-native-access")
                    || argument.startsWith("--sun-misc") || argument.startsWith("-Dchronicle")) {
                command.add(argument);
            }
        }
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("--config");
        command.add(config.toString());
        return command;
    }

    void awaitLog(String text, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("engine exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no '" + text + "' within " + seconds + " s:\n" + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, the journal is left as the kernel has it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C or a service manager would send it; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("engine did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
