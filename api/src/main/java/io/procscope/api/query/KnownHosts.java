package io.procscope.api.query;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.CurrentState;
import io.procscope.api.domain.CurrentStates;
import io.procscope.api.domain.Host;
import io.procscope.api.domain.ProcessIdentity;
import io.procscope.api.domain.StatusCounts;
import io.procscope.api.domain.TrackedProcess;
import io.procscope.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the questions about the fleet start from: a host by name, its status now, the processes of
 * its newest report and the processes it ran. Current state comes from each host's newest state
 * (one row per host, see {@link CurrentStates}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
class KnownHosts {

    private final ProcscopeConfig config;
    private final Clock clock;
    private final CurrentStates states;

    KnownHosts(ProcscopeConfig config, Clock clock, CurrentStates states) {
        this.config = config;
        this.clock = clock;
        this.states = states;
    }

    /**
     * A host's newest report.
     *
     * @param host the host
     * @param collectedAtMillis when the report was collected, ms since the epoch; the host's last
     *     report time while it has no state
     * @param processes its processes as rows, in report order; empty while the host has no state
     */
    record NewestReport(Host host, long collectedAtMillis, List<ProcessRow> processes) {}

    /** The host named {@code hostname}; 404 for a host that never reported. */
    Host named(String hostname) {
        return Host.findByHostname(hostname)
                .orElseThrow(() -> ProblemException.notFound("No host named '" + hostname + "' has reported."));
    }

    /** A host's status now, by when the API last received one of its reports (not the agent's clock). */
    HostStatus status(Host host) {
        return status(host.lastReceivedMillis, host.intervalMillis);
    }

    /**
     * The status of a host read as columns: the time the API last received one of its reports, and
     * the interval its agent declares (null: the configured default).
     */
    HostStatus status(long lastReceivedMillis, Long intervalMillis) {
        return HostStatus.of(
                clock.millis() - lastReceivedMillis,
                intervalMillis(intervalMillis),
                config.hosts().staleAfterIntervals(),
                config.hosts().goneAfter().toMillis());
    }

    /** The time between two of a host's reports, ms: as its agent says, else the configured default. */
    long intervalMillis(Host host) {
        return intervalMillis(host.intervalMillis);
    }

    private long intervalMillis(Long declared) {
        return declared == null ? config.hosts().defaultInterval().toMillis() : declared;
    }

    /** A host's newest report, with its processes as rows. */
    NewestReport newestReport(Host host) {
        Optional<CurrentState> state = states.of(host);
        if (state.isEmpty()) {
            return new NewestReport(host, host.lastReportMillis, List.of());
        }
        List<TrackedProcess> processes = state.get().processes();
        List<ProcessRow> rows = new ArrayList<>(processes.size());
        for (TrackedProcess p : processes) {
            rows.add(ProcessRow.of(p, host.memoryTotalBytes));
        }
        return new NewestReport(host, state.get().collectedAtMillis(), rows);
    }

    /**
     * A process the host ran: the one with this pid that started at {@code startTimeMillis}, or
     * without it the newest with this pid.
     */
    static Optional<ProcessIdentity> process(Host host, int pid, Long startTimeMillis) {
        if (startTimeMillis != null) {
            return ProcessIdentity.find(
                            "hostId = ?1 and pid = ?2 and startTimeMillis = ?3", host.id, pid, startTimeMillis)
                    .firstResultOptional();
        }
        return ProcessIdentity.find("hostId = ?1 and pid = ?2 order by startTimeMillis desc", host.id, pid)
                .firstResultOptional();
    }

    /** Stored status counts as the answers give them: by lower-case state name, states with none left out. */
    static Map<String, Integer> statusNames(String statusCounts) {
        Map<String, Integer> named = new LinkedHashMap<>();
        StatusCounts.parse(statusCounts).forEach((status, count) -> {
            if (count > 0) {
                named.put(status.name().toLowerCase(Locale.ROOT), count);
            }
        });
        return named;
    }
}
