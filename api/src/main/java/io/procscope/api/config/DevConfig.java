package io.procscope.api.config;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The embedded default's settings (dev profile). Mapped so that each works as a system property
 * ({@code -Dprocscope.dev.database=...}) as well as an environment variable: the {@code procscope}
 * namespace is validated, and a property no mapping claims stops the start. Nothing injects it;
 * the dev profile's JDBC URL reads it.
 */
@Unremovable
@ConfigMapping(prefix = "procscope.dev")
public interface DevConfig {

    /**
     * {@code procscope.dev.database} ({@code PROCSCOPE_DEV_DATABASE}): the SQLite file of the
     * embedded default. Defaults to {@code procscope-dev.db} in the working directory; the embedded
     * profile (the single-container image) sets {@code /data/procscope.db}, on the image's volume.
     */
    @WithDefault("procscope-dev.db")
    String database();
}
