package io.ringway.connectors.simulator;

import io.ringway.config.ConfigException;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.config.SimulatorConfig;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the SMSC simulator alone, in the foreground, until SIGTERM or Ctrl-C: the upstream of a Ringway under
 * test on another machine, or the bare baseline of a load test.
 * {@code SimulatorMain [--port N] [--config FILE]} takes the {@code simulator} section of the Ringway
 * configuration file (the embedded default without {@code --config}) and listens on {@code --port} if given.
 */
public final class SimulatorMain {
    static final String USAGE = "usage: ringway simulator [--port N] [--config FILE]   (the SMSC simulator alone: "
            + "the simulator section of FILE, else of the embedded default, on port N if given)";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (asksForHelp(args)) {
            System.out.println(USAGE);
            return;
        }
        SimulatorConfig config;
        try {
            config = configFrom(args);
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SmscSimulator simulator;
        try {
            simulator = new SmscSimulator(config).start();
        } catch (IllegalStateException e) { // a port in use
            System.err.println(e.getMessage() + ": " + e.getCause().getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "ringway-simulator-shutdown"));
        System.out.println("SMSC simulator listening on " + config.host() + ":" + simulator.port()
                + " (system_id " + config.systemId() + "); Ctrl-C to stop");
        stopped.await();
    }

    /** True when an argument is {@code -h} or {@code --help}: the usage is printed and nothing is started. */
    static boolean asksForHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    /** The simulator section of the chosen configuration, with the port of {@code --port} if given. */
    static SimulatorConfig configFrom(String[] args) {
        String configFile = null;
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length || !(option.equals("--port") || option.equals("--config"))) {
                throw new IllegalArgumentException("unexpected argument '" + option + "'");
            }
            String value = args[++i];
            if (option.equals("--config")) {
                configFile = value;
            } else {
                port = parsePort(value);
            }
        }
        RingwayConfig ringway = configFile == null
                ? ConfigLoader.loadEmbeddedDefault()
                : ConfigLoader.load(Path.of(configFile));
        SimulatorConfig c = ringway.simulator();
        if (port == null) {
            return c;
        }
        return new SimulatorConfig(c.enabled(), c.host(), port, c.systemId(), c.password(), c.responseLatency(),
                c.receiptDelay(), c.outcomes(), c.throttlePerSecond(), c.dropAfter(), c.seed());
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the value
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, not '" + value + "'");
    }
}
