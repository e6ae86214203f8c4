package io.ringway.benchmarks.loadgen;

import java.time.Duration;
import java.util.Locale;

/**
 * The load generator's command line, parsed by hand (the benchmarks jar carries no argument library): every
 * option with its default, and an error that names the option and what is wrong with its value.
 *
 * @param mode        what to run: load over SMPP or HTTP, or the trivial SMPP responder
 * @param host        server address (the sink listens on it)
 * @param port        server port
 * @param connections SMPP binds or HTTP keep-alive connections
 * @param window      requests in flight per connection; HTTP defaults to 1, that is no pipelining
 * @param messages    measured messages to send, 0 for as many as {@code duration} allows
 * @param duration    measured time, when {@code messages} is 0
 * @param rate        open loop at this many messages per second over all connections; 0 is closed loop
 * @param receipts    registered_delivery 1: wait for delivery receipts and time them
 * @param systemId    SMPP system_id
 * @param password    SMPP password
 * @param apiKey      HTTP bearer key
 * @param sender      sender id of every message ("RINGWAY", the only one the default demo account may use), or
 *                    {@code *} for varied senders (for accounts without a sender list)
 * @param warmup      load before the measured part, whose figures are discarded
 * @param drain       after the measured part, how long to wait for outstanding answers and receipts
 * @param threads     Netty event loops of the generator or the sink
 */
record LoadOptions(
        Mode mode,
        String host,
        int port,
        int connections,
        int window,
        long messages,
        Duration duration,
        long rate,
        boolean receipts,
        String systemId,
        String password,
        String apiKey,
        String sender,
        Duration warmup,
        Duration drain,
        int threads) {

    /** What {@code --mode} selects. */
    enum Mode { SMPP, HTTP, SMPP_SINK }

    static final String USAGE = """
            usage: LoadGenerator --mode smpp|http|smpp-sink [options]
              --host H             server address (127.0.0.1); the sink listens on it
              --port N             server port (smpp 2775, http 8080, smpp-sink 2785)
              --binds N            SMPP binds (4); --connections is the same for HTTP
              --window W           requests in flight per connection (smpp 64; http 1, i.e. no pipelining)
              --messages M         measured messages, then stop once all are answered
              --duration D         measured time (10s) when --messages is absent; 500ms, 30s, 2m
              --rate R             open loop at R messages/s over all connections; absent: closed loop at max
              --dlr                registered_delivery 1; wait for receipts and time submit -> receipt (SMPP)
              --system-id S        SMPP system_id (demo)
              --password P         SMPP password (demo123)
              --api-key K          HTTP bearer key (demo-api-key)
              --sender S           sender id of every message (RINGWAY); * for varied senders
              --warmup D           load before measuring, figures discarded (5s; 0 for none)
              --drain D            wait after measuring for late answers and receipts (30s)
              --threads T          event loops (min(connections, cores); sink: cores)
            """;

    /** Parses {@code args}; throws {@link IllegalArgumentException} with a message for the user. */
    static LoadOptions parse(String[] args) {
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--dlr")) {
                b.receipts = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option.startsWith("--")
                        ? option + " needs a value" : "unexpected argument '" + option + "'");
            }
            String value = args[++i];
            switch (option) {
                case "--mode" -> b.mode = mode(value);
                case "--host" -> b.host = value;
                case "--port" -> b.port = (int) number(option, value, 1, 65_535);
                case "--binds", "--connections" -> b.connections = (int) number(option, value, 1, 10_000);
                case "--window" -> b.window = (int) number(option, value, 1, 65_536);
                case "--messages" -> b.messages = number(option, value, 1, Long.MAX_VALUE);
                case "--duration" -> b.duration = duration(option, value, false);
                case "--rate" -> b.rate = number(option, value, 1, 100_000_000);
                case "--system-id" -> b.systemId = value;
                case "--password" -> b.password = value;
                case "--api-key" -> b.apiKey = value;
                case "--sender" -> b.sender = value;
                case "--warmup" -> b.warmup = duration(option, value, true);
                case "--drain" -> b.drain = duration(option, value, true);
                case "--threads" -> b.threads = (int) number(option, value, 1, 1_024);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return b.build();
    }

    private static Mode mode(String value) {
        return switch (value) {
            case "smpp" -> Mode.SMPP;
            case "http" -> Mode.HTTP;
            case "smpp-sink" -> Mode.SMPP_SINK;
            default -> throw new IllegalArgumentException("--mode must be smpp, http or smpp-sink, not '" + value + "'");
        };
    }

    private static long number(String option, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not '" + value + "'", e);
        }
        throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + value);
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, or {@code 0} where allowed. */
    static Duration duration(String option, String value, boolean zeroAllowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (v.equals("0")) {
                d = Duration.ZERO;
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                throw new IllegalArgumentException(option + " needs a unit (500ms, 30s, 2m), not '" + value + "'");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must look like 500ms, 30s or 2m, not '" + value + "'", e);
        }
        if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
            throw new IllegalArgumentException(option + " must be " + (zeroAllowed ? "0 or more" : "above 0")
                    + ", not '" + value + "'");
        }
        return d;
    }

    /** Options in any order; {@link #build} applies the mode's defaults and refuses combinations that make no sense. */
    private static final class Builder {
        Mode mode;
        String host = "127.0.0.1";
        Integer port;
        int connections = 4;
        Integer window;
        long messages;
        Duration duration;
        long rate;
        boolean receipts;
        String systemId = "demo";
        String password = "demo123";
        String apiKey = "demo-api-key";
        String sender = "RINGWAY";
        Duration warmup = Duration.ofSeconds(5);
        Duration drain = Duration.ofSeconds(30);
        Integer threads;

        LoadOptions build() {
            if (mode == null) {
                throw new IllegalArgumentException("--mode is required");
            }
            if (messages > 0 && duration != null) {
                throw new IllegalArgumentException("give --messages or --duration, not both");
            }
            if (receipts && mode == Mode.HTTP) {
                throw new IllegalArgumentException("--dlr is for SMPP; HTTP receipts arrive as callbacks");
            }
            int cores = Runtime.getRuntime().availableProcessors();
            int defaultPort = switch (mode) {
                case SMPP -> 2775;
                case HTTP -> 8080;
                case SMPP_SINK -> 2785;
            };
            return new LoadOptions(mode, host, port != null ? port : defaultPort, connections,
                    window != null ? window : mode == Mode.HTTP ? 1 : 64, messages,
                    duration != null ? duration : Duration.ofSeconds(10), rate, receipts, systemId, password, apiKey,
                    sender, warmup, drain,
                    threads != null ? threads : mode == Mode.SMPP_SINK ? cores : Math.min(connections, cores));
        }
    }
}
