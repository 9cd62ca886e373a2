package io.procscope.api.security;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Who may change the fleet: revoke, reset, rename and delete hosts ({@link AdminAction}). */
@io.quarkus.arc.Unremovable
@ConfigMapping(prefix = "procscope.admin")
public interface AdminAccessConfig {

    /**
     * {@code procscope.admin.keys} ({@code PROCSCOPE_ADMIN_KEYS}): admin keys, comma-separated,
     * each a key or {@code sha256:<hex>} of one. An admin key may also read. Unset by default:
     * admin actions then need a read key, and are off when reads are open.
     */
    Optional<List<String>> keys();

    /**
     * {@code procscope.admin.keys-file}: a file of admin keys, one per line ({@code #} starts a
     * comment), such as a mounted Kubernetes Secret; added to {@code procscope.admin.keys}.
     */
    Optional<Path> keysFile();
}
