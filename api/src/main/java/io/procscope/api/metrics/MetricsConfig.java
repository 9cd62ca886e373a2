package io.procscope.api.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The fleet's gauges for Prometheus. */
@ConfigMapping(prefix = "procscope.metrics")
public interface MetricsConfig {

    /**
     * {@code procscope.metrics.refresh} ({@code PROCSCOPE_METRICS_REFRESH}): time between two
     * readings of the hosts' newest state into the {@code procscope.hosts} and {@code
     * procscope.host.*} gauges. Defaults to {@code 15s}, Prometheus' usual scrape interval.
     */
    @WithDefault("15s")
    Duration refresh();
}
