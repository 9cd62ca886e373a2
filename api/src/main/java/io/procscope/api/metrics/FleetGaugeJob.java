package io.procscope.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.query.HostQueries;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Reads the hosts' newest state into {@link FleetGauges} every {@code procscope.metrics.refresh}.
 * Each replica exports the same per-host series; Prometheus tells them apart by its {@code
 * instance} label, so a query takes {@code max by (host)} rather than a sum.
 */
@ApplicationScoped
public class FleetGaugeJob {

    private static final Logger LOG = Logger.getLogger(FleetGaugeJob.class);

    private final HostQueries hostQueries;
    private final FleetGauges gauges;
    private volatile boolean failing;

    private final MetricsConfig config;

    FleetGaugeJob(MetricsConfig config, HostQueries hostQueries, MeterRegistry registry) {
        this.config = config;
        this.hostQueries = hostQueries;
        this.gauges = new FleetGauges(registry, config.perHost());
    }

    void scheduleRefresh(@Observes StartupEvent event, Scheduler scheduler) {
        scheduler
                .newJob("procscope-fleet-metrics")
                .setInterval(config.refresh().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> refresh())
                .schedule();
    }

    /** Reads the fleet now; on a database error the gauges keep their last values. */
    @ActivateRequestContext
    public void refresh() {
        try {
            gauges.update(
                    hostQueries.listHosts().stream().map(HostGaugeValues::of).toList());
            if (failing) {
                LOG.info("Fleet metrics are refreshed again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // Logged once per outage: readiness already reports the database, every 15 s is noise.
            if (!failing) {
                LOG.warnf("Fleet metrics keep their last values: the hosts cannot be read (%s)", e.toString());
                failing = true;
            }
        }
    }
}
