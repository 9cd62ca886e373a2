package io.procscope.api.retention;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Runs retention every {@code procscope.retention.every}, starting at start-up. */
@ApplicationScoped
class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final RetentionService retention;
    private final Clock clock;

    RetentionJob(RetentionService retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    void schedule(@Observes StartupEvent event, Scheduler scheduler, io.procscope.api.config.ProcscopeConfig config) {
        if (!config.retention().enabled()) {
            LOG.info("Retention is off (procscope.retention.enabled=false): history grows without bound");
            return;
        }
        scheduler
                .newJob("procscope-retention")
                .setInterval(config.retention().every().toSeconds() + "s")
                .setConcurrentExecution(io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> runOnce())
                .schedule();
    }

    void runOnce() {
        try {
            retention.run(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("Retention run failed, will try again: %s", e.getMessage());
        }
    }
}
