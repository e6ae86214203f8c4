package io.ringway.config;

/**
 * A configuration file that cannot be used. The message always names the file, the path inside it
 * ({@code upstreams[1].window}) and what is wrong, so that an operator can fix it without reading code.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
