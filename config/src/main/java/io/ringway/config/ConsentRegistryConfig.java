package io.ringway.config;

import java.net.URI;
import java.time.Duration;

/**
 * The external consent registry (in Turkey: IYS, or an integrator's service in front of it), reached over HTTP by
 * the registry connector with the JSON contract in README.md ("External consent registry").
 *
 * @param url           base URL; {@code null} when the node has no external registry
 * @param apiKey        sent as {@code Authorization: Bearer <api-key>}; {@code null} for none
 * @param timeout       per request: connect and answer; a lookup not answered in time counts as the registry down
 * @param cacheTtl      how long an answer for an integrator-mode brand is used before it is asked again
 * @param cacheCapacity answers kept at most (oldest dropped first)
 * @param pushBatch     consent changes sent in one push request, at most
 */
public record ConsentRegistryConfig(String url, String apiKey, Duration timeout, Duration cacheTtl,
                                    int cacheCapacity, int pushBatch) {
    public static final ConsentRegistryConfig NONE = new ConsentRegistryConfig(null, null, Duration.ofSeconds(2),
            Duration.ofMinutes(10), 1_000_000, 500);

    /** Whether the node has an external registry. */
    public boolean configured() {
        return url != null;
    }

    /** The base URL without a trailing slash. */
    public String baseUrl() {
        return url == null || !url.endsWith("/") ? url : url.substring(0, url.length() - 1);
    }

    /** Never prints the API key (configurations end up in logs). */
    @Override
    public String toString() {
        return "ConsentRegistryConfig[url=" + url + ", apiKey=" + (apiKey == null ? "none" : "***") + ", timeout="
                + timeout + ", cacheTtl=" + cacheTtl + ", cacheCapacity=" + cacheCapacity + ", pushBatch="
                + pushBatch + "]";
    }

    static ConsentRegistryConfig from(ConfigNode n) {
        String url = n.string("url", null);
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw n.error("url", "is not a URL: '" + url + "'");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw n.error("url", "must be an http:// or https:// URL, was '" + url + "'");
            }
            url = url.trim();
        }
        ConsentRegistryConfig config = new ConsentRegistryConfig(url, n.string("api-key", null),
                n.duration("timeout", NONE.timeout(), Duration.ofMillis(50), Duration.ofMinutes(1)),
                n.duration("cache-ttl", NONE.cacheTtl(), Duration.ZERO, Duration.ofDays(7)),
                n.integer("cache-capacity", NONE.cacheCapacity(), 1, 100_000_000),
                n.integer("push-batch", NONE.pushBatch(), 1, 10_000));
        n.finish();
        return config;
    }
}
