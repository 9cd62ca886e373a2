package io.procscope.api.security;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
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
     * ({@code procscope.api-keys}); health and metrics stay open for Kubernetes and Prometheus. An
     * admin key ({@code procscope.admin.keys}) is accepted wherever a read key is.
     */
    Optional<List<String>> keys();

    /**
     * {@code procscope.read.keys-file} ({@code PROCSCOPE_READ_KEYS_FILE}): a file of read keys, one
     * per line or comma-separated ({@code #} starts a comment), such as a mounted Kubernetes
     * Secret; added to {@code procscope.read.keys}. The API does not start when it is set and
     * cannot be read.
     */
    Optional<Path> keysFile();
}
