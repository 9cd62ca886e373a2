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

    /**
     * {@code procscope.metrics.per-host} ({@code PROCSCOPE_METRICS_PER_HOST}): also export {@code
     * procscope.host.*} gauges, one series per host tagged with its name. Off by default: {@code
     * /q/metrics} needs no read key, so these series would name every host of the fleet to anyone
     * who can reach it, and they add three series per host to every scrape. The fleet totals
     * ({@code procscope.hosts}) are exported either way.
     */
    @WithDefault("false")
    boolean perHost();
}
