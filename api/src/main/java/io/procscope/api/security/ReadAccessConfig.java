package io.procscope.api.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Who may read the fleet: the dashboard, the JSON API, the event stream and the API documentation. */
@ConfigMapping(prefix = "procscope.read")
public interface ReadAccessConfig {

    /**
     * {@code procscope.read.keys} ({@code PROCSCOPE_READ_KEYS}): read keys, comma-separated; several
     * may be valid at once so that keys can be rotated. When set, every read needs one, sent as
     * {@code Authorization: Bearer <key>} or as the password of HTTP Basic (any user name). Unset
     * by default: reads are open, as the embedded default is. Agents keep their own keys
     * ({@code procscope.api-keys}); health and metrics stay open for Kubernetes and Prometheus.
     */
    Optional<List<String>> keys();
}
