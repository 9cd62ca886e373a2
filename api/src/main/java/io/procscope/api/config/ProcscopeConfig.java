package io.procscope.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The API's own settings, read from application.properties or environment variables. */
@ConfigMapping(prefix = "procscope")
public interface ProcscopeConfig {

    /** The key of the development API key, which the embedded default accepts out of the box. */
    String DEV_API_KEY = "procscope-dev-key";

    /**
     * {@code procscope.api-keys} ({@code PROCSCOPE_API_KEYS}): agent API keys, comma-separated. Several
     * may be valid at once so that keys can be rotated. No default in production, which refuses to
     * start without one; the dev profile uses {@value #DEV_API_KEY}.
     */
    Optional<List<String>> apiKeys();

    /** Host settings. */
    Hosts hosts();

    /** Host settings. */
    interface Hosts {
        /**
         * {@code procscope.hosts.stale-after}: a host whose newest report is older than this is shown
         * as stale. Defaults to {@code 60s}, six missed reports at the agent's default interval.
         */
        @WithDefault("60s")
        Duration staleAfter();
    }
}
