package io.procscope.api.domain;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The per-replica cache of decoded host states. A mapping rather than a {@code @ConfigProperty}, so
 * that {@code -Dprocscope.cache.max-bytes=...} works too: the {@code procscope} namespace is
 * validated, and a system property no mapping claims stops the start (SRCFG00050).
 */
@ConfigMapping(prefix = "procscope.cache")
public interface CacheConfig {

    /**
     * {@code procscope.cache.max-bytes} ({@code PROCSCOPE_CACHE_MAX_BYTES}): the most heap the decoded
     * states may take, by estimate. Defaults to {@code 64M}: about 270 hosts of 500 typical processes
     * (some 470 bytes each, decoded), and a miss costs one decode, about a millisecond per 500
     * processes.
     */
    @WithDefault("64M")
    MemorySize maxBytes();
}
