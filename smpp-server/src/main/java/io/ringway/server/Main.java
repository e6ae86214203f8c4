package io.ringway.server;

import io.ringway.config.ConfigException;
import io.ringway.config.ConfigLoader;
import io.ringway.config.RingwayConfig;
import io.ringway.engine.journal.JournalUnwritableException;
import io.ringway.engine.ring.ConfigurationRewritesHistoryException;
import io.ringway.engine.journal.DataDirectoryInUseException;
import io.ringway.engine.journal.JournalDamagedException;
import io.ringway.engine.snapshot.JournalBehindSnapshotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./ringway [--config FILE]}: runs one Ringway node in the foreground until SIGTERM or Ctrl-C, which
 * unbind every session, drain the ring and close the journal. Without {@code --config} it reads
 * {@code config/ringway.yaml} from the working directory, or the copy embedded in the jar.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final Path DEFAULT_CONFIG = Path.of("config", "ringway.yaml");

    private Main() {
    }

    public static void main(String[] args) {
        RingwayConfig config;
        try {
            config = loadConfig(args);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("ringway: " + e.getMessage());
            System.exit(2);
            return;
        }
        RingwayNode node = new RingwayNode(config);
        try {
            node.start();
        } catch (ConfigurationRewritesHistoryException | JournalBehindSnapshotException
                 | DataDirectoryInUseException | JournalDamagedException e) { // refused: one line, nothing changed
            System.err.println("ringway: " + e.getMessage());
            System.exit(2);
            return;
        } catch (JournalUnwritableException e) { // the cause is in its message: no stack trace for the operator
            System.err.println("ringway: journal.directory: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) { // also a port in use: Netty throws its BindException undeclared
            Throwable bind = e;
            while (bind != null && !(bind instanceof java.net.BindException)) {
                bind = bind.getCause();
            }
            if (bind != null) {
                System.err.println("ringway: cannot listen: " + bind.getMessage() + " (ports: SMPP " + config.smpp().port()
                        + (config.http().enabled() ? ", HTTP " + config.http().port() : "")
                        + (config.simulator().enabled() ? ", simulator " + config.simulator().port() : "") + ")");
            } else {
                LOG.error("ringway failed to start: {}", e.toString(), e);
            }
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: unbinding sessions, draining the ring, closing the journal");
            node.close();
            stopped.countDown();
        }, "ringway-shutdown"));
        LOG.info("Ringway ready: SMPP on port {}, HTTP {}, upstreams {}, {}simulator, journal in {}", node.smppPort(),
                config.http().enabled() ? "on port " + node.httpPort() : "off", node.upstreams().keySet(), config.simulator().enabled() ? "" : "no ",
                Path.of(config.journal().directory()).toAbsolutePath().normalize());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static RingwayConfig loadConfig(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'; usage: ringway [--config FILE]");
            }
        }
        if (file != null) {
            return ConfigLoader.load(file);
        }
        return Files.exists(DEFAULT_CONFIG) ? ConfigLoader.load(DEFAULT_CONFIG) : ConfigLoader.loadEmbeddedDefault();
    }
}
