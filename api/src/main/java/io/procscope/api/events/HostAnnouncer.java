package io.procscope.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.alerts.AlertQueries;
import io.procscope.api.query.HostQueries;
import io.procscope.api.query.HostStatus;
import io.procscope.api.query.HostSummary;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Turns "a host's report was stored" and "a host went stale" into {@link LiveEvent}s: it reads the
 * host's newest state once for this replica, however many subscribers get it. Reads run one at a
 * time on one thread, off the ingest request, so that events of one host keep their order and a
 * stale check never overtakes a newer report.
 */
@ApplicationScoped
public class HostAnnouncer {

    private static final Logger LOG = Logger.getLogger(HostAnnouncer.class);

    private final HostQueries queries;
    private final HostEventHub hub;
    private final ObjectMapper mapper;
    private final ExecutorService reads = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "procscope-host-events");
        thread.setDaemon(true);
        return thread;
    });
    /** Hosts waiting to be read: a burst of reports of one host is read once. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    /** Hosts announced stale on this replica and not seen reporting since. */
    private final Set<String> announcedStale = ConcurrentHashMap.newKeySet();
    /** False until the first stale check, which learns the hosts already stale without announcing them. */
    private volatile boolean seeded;

    private final AtomicBoolean staleCheckQueued = new AtomicBoolean();
    /** True while a read of the alert counts waits: a burst of transitions is read once. */
    private final AtomicBoolean alertsQueued = new AtomicBoolean();
    /** True from a failed read to the next good one, so that an outage is logged once; reading thread only. */
    private boolean failing;

    private final EventsConfig config;
    private final AlertQueries alerts;

    HostAnnouncer(
            EventsConfig config, HostQueries queries, AlertQueries alerts, HostEventHub hub, ObjectMapper mapper) {
        this.config = config;
        this.queries = queries;
        this.alerts = alerts;
        this.hub = hub;
        this.mapper = mapper;
    }

    /**
     * Announces a host's newest state with a {@code host} event, soon, on this replica; or, when
     * there is no host of that name any more (an operator deleted or renamed it), a {@code
     * removed} event.
     */
    public void announceStored(String hostname) {
        if (pending.add(hostname)) {
            submit(() -> {
                pending.remove(hostname);
                announcedStale.remove(hostname);
                if (hub.hasSubscribers()) {
                    queries.findHost(hostname)
                            .ifPresentOrElse(
                                    h -> hub.publish(LiveEvent.host(h.hostname(), toJson(h))),
                                    () -> hub.publish(LiveEvent.removed(hostname, removedJson(hostname))));
                }
            });
        }
    }

    /**
     * Announces every reporting host again: after this replica could not hear other replicas for a
     * while, what it missed is the hosts' newest state, which this sends.
     */
    public void announceReporting() {
        submit(() -> {
            if (hub.hasSubscribers()) {
                for (HostSummary h : queries.listHosts()) {
                    if (h.status() == HostStatus.REPORTING) {
                        hub.publish(LiveEvent.host(h.hostname(), toJson(h)));
                    }
                }
            }
        });
    }

    /**
     * Announces the fleet's alert counts with an {@code alerts} event, soon, on this replica, to
     * every subscriber: one count query for however many transitions and subscribers.
     */
    public void announceAlerts() {
        if (alertsQueued.compareAndSet(false, true)) {
            submit(() -> {
                alertsQueued.set(false);
                if (hub.hasSubscribers()) {
                    hub.publish(LiveEvent.alerts(json(alerts.counts())));
                }
            });
        }
    }

    void scheduleStaleCheck(@Observes StartupEvent event, Scheduler scheduler) {
        scheduler
                .newJob("procscope-events-stale-check")
                .setInterval(config.staleCheck().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> {
                    // One check waits at most: while the database is slow, ticks do not pile up.
                    if (staleCheckQueued.compareAndSet(false, true)) {
                        submit(() -> {
                            staleCheckQueued.set(false);
                            checkStale();
                        });
                    }
                })
                .schedule();
    }

    /** Sends a {@code stale} event for each host that went stale since the last check. */
    void checkStale() {
        if (seeded && !hub.hasSubscribers()) {
            return; // nobody listens: hosts that go stale meanwhile are announced to the next subscriber
        }
        List<HostSummary> hosts = queries.listHosts();
        Set<String> present = new HashSet<>();
        for (HostSummary h : hosts) {
            present.add(h.hostname());
            if (h.status() == HostStatus.REPORTING) {
                announcedStale.remove(h.hostname()); // back: its host event said so
            } else if (h.status() == HostStatus.STALE && announcedStale.add(h.hostname()) && seeded) {
                hub.publish(LiveEvent.stale(h.hostname(), toJson(h)));
            }
        }
        announcedStale.retainAll(present);
        seeded = true;
        LOG.debugf("Stale check: %d hosts, %d announced stale", hosts.size(), announcedStale.size());
    }

    void stop(@Observes ShutdownEvent event) {
        reads.shutdownNow();
    }

    private void submit(Runnable work) {
        try {
            reads.execute(() -> inRequestContext(work));
        } catch (RejectedExecutionException e) {
            LOG.debug("Not announcing: shutting down");
        }
    }

    /** Runs database reads as a request would: with a session of their own and no transaction. */
    private void inRequestContext(Runnable work) {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            work.run();
            if (failing) {
                LOG.info("The live event stream reads the fleet again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // Once per outage: readiness already reports the database, and the stale check runs every few seconds.
            if (!failing) {
                LOG.warnf("The live event stream misses updates: the fleet cannot be read (%s)", e.toString());
                failing = true;
            }
            LOG.debug("Reading the fleet for the live event stream failed", e);
        } finally {
            context.terminate();
        }
    }

    private String removedJson(String hostname) {
        return json(java.util.Map.of("hostname", hostname));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Names and numbers always serialize", e);
        }
    }

    private String toJson(HostSummary host) {
        try {
            return mapper.writeValueAsString(host);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Host summaries always serialize", e);
        }
    }
}
