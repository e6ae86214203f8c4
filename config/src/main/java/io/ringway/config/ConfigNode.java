package io.ringway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A read cursor over one YAML mapping that knows where it is ({@code file: upstreams[1]}), so that every value it
 * hands out is validated with an error naming the file, the full path and the problem. Each record's
 * {@code from(ConfigNode)} factory reads its keys through this class and calls {@link #finish()}, which rejects
 * keys nobody read: a misspelt setting fails start-up instead of silently keeping its default.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new HashSet<>();

    ConfigNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            throw new ConfigException(file + ": " + path + ": must be a mapping");
        }
    }

    /** An empty node, for sections absent from the file: every setting takes its default. */
    public static ConfigNode empty(String file, String path) {
        return new ConfigNode(file, path, MissingNode.getInstance());
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    public ConfigException error(String key, String problem) {
        return new ConfigException(file + ": " + join(key) + ": " + problem);
    }

    public String string(String key, String defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isValueNode() || value.isNull()) {
            throw error(key, "must be a string");
        }
        return value.asText();
    }

    public String requiredString(String key) {
        String value = string(key, null);
        if (value == null || value.isBlank()) {
            throw error(key, "is required");
        }
        return value;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        long value = longValue(key, defaultValue, min, max);
        return (int) value;
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw error(key, "must be a whole number, was '" + value.asText() + "'");
        }
        long result = value.asLong();
        if (result < min || result > max) {
            throw error(key, "must be between " + min + " and " + max + ", was " + result);
        }
        return result;
    }

    public boolean bool(String key, boolean defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw error(key, "must be true or false, was '" + value.asText() + "'");
        }
        return value.asBoolean();
    }

    /**
     * A duration written as a number and a unit: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d}.
     * A bare {@code 0} means zero (typically "off").
     */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        Duration result = parseDuration(key, value.asText().trim());
        if (result.compareTo(min) < 0 || result.compareTo(max) > 0) {
            throw error(key, "must be between " + format(min) + " and " + format(max) + ", was " + value.asText());
        }
        return result;
    }

    /**
     * {@code duration} as the file writes durations: in the largest of d, h, m, s and ms that holds it whole
     * ({@code 7d}, {@code 100ms}), so that a range in an error reads like the value it is compared with.
     */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0";
        }
        long[] unitMillis = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis % unitMillis[i] == 0) {
                return millis / unitMillis[i] + units[i];
            }
        }
        return millis + "ms";
    }

    private Duration parseDuration(String key, String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        int split = 0;
        while (split < text.length() && Character.isDigit(text.charAt(split))) {
            split++;
        }
        if (split == 0 || split == text.length()) {
            throw error(key, "must be a duration like 250ms, 5s, 2m, 1h or 7d, was '" + text + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(text.substring(0, split));
        } catch (NumberFormatException e) {
            throw error(key, "duration out of range: '" + text + "'");
        }
        switch (text.substring(split)) {
            case "ms": return Duration.ofMillis(amount);
            case "s": return Duration.ofSeconds(amount);
            case "m": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            case "d": return Duration.ofDays(amount);
            default: throw error(key, "unknown duration unit in '" + text + "' (use ms, s, m, h or d)");
        }
    }

    /**
     * An amount of money written as a decimal string or number ({@code "0.0125"}), returned in micro-units
     * (millionths of the currency unit). More than six decimal places, negative values below {@code min} and
     * anything that is not a plain decimal are refused. Never parsed through binary floating point.
     */
    public long micros(String key, long defaultMicros, long minMicros, long maxMicros) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultMicros;
        }
        if (!value.isValueNode() || value.isNull() || value.isBoolean()) {
            throw error(key, "must be a decimal amount such as \"0.0125\"");
        }
        long result;
        try {
            BigDecimal decimal = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
            result = decimal.movePointRight(6).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(key, "must be a decimal amount with at most 6 decimal places, was '" + value.asText() + "'");
        }
        if (result < minMicros || result > maxMicros) {
            throw error(key, "must be between " + Money.format(minMicros) + " and " + Money.format(maxMicros)
                    + ", was " + value.asText());
        }
        return result;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String value = string(key, null);
        if (value == null) {
            return defaultValue;
        }
        String normalised = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(normalised)) {
                return constant;
            }
        }
        throw error(key, "must be one of " + lowerNames(type) + ", was '" + value + "'");
    }

    public ConfigNode child(String key) {
        JsonNode value = take(key);
        return new ConfigNode(file, join(key), value);
    }

    /** Each element of a list of mappings, read by {@code reader}; an absent key is an empty list. */
    public <T> List<T> list(String key, Function<ConfigNode, T> reader) {
        JsonNode value = take(key);
        List<T> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (!value.isArray()) {
            throw error(key, "must be a list");
        }
        for (int i = 0; i < value.size(); i++) {
            result.add(reader.apply(new ConfigNode(file, join(key) + "[" + i + "]", value.get(i))));
        }
        return result;
    }

    /** A list of plain strings; an absent key gives {@code defaultValue}. */
    public List<String> strings(String key, List<String> defaultValue) {
        JsonNode value = take(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isArray()) {
            throw error(key, "must be a list");
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.isNull()) {
                throw error(key + "[" + i + "]", "must be a string");
            }
            result.add(item.asText());
        }
        return List.copyOf(result);
    }

    /** A mapping of names to values, each value read by {@code reader} with its own path. */
    public <T> java.util.Map<String, T> map(String key, java.util.function.BiFunction<ConfigNode, String, T> reader) {
        ConfigNode child = child(key);
        java.util.Map<String, T> result = new java.util.LinkedHashMap<>();
        Iterator<String> names = child.node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            result.put(name, reader.apply(child, name));
        }
        child.read.addAll(result.keySet());
        return result;
    }

    /** Fails on any key of this mapping that no reader asked for (a typo, or a setting that does not exist). */
    public void finish() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!read.contains(name)) {
                throw error(name, "unknown setting");
            }
        }
    }

    private JsonNode take(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static <E extends Enum<E>> String lowerNames(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        return names.toString();
    }
}
