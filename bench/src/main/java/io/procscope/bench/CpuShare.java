package io.procscope.bench;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a phase's CPU went: the API, PostgreSQL's processes for its database, this generator, and
 * everything else on the machine (other people's builds on a shared machine), in cores used on
 * average over the phase.
 */
final class CpuShare {

    private final long apiPid;
    private final Database database;
    private final long startNanos;
    private final double api;
    private final Map<Long, Double> postgres;
    private final double own;
    private final double machine;

    private CpuShare(long apiPid, Database database) throws SQLException {
        this.apiPid = apiPid;
        this.database = database;
        this.postgres = CpuClock.processSeconds(database.serverPids());
        this.api = apiPid > 0 ? CpuClock.processSeconds(apiPid) : 0;
        this.own = CpuClock.ownSeconds();
        this.machine = CpuClock.machineBusySeconds();
        this.startNanos = System.nanoTime();
    }

    static CpuShare start(long apiPid, Database database) throws SQLException {
        return new CpuShare(apiPid, database);
    }

    /** What each used over the phase, CPU seconds, and the phase's wall time, seconds. */
    record Usage(double wall, double api, double postgres, double generator, double others) {

        /** CPU of the API, PostgreSQL and the generator for one operation, seconds. */
        double benchmarkSecondsPer(long operations) {
            return ((Double.isNaN(api) ? 0 : api) + postgres + generator) / operations;
        }

        /**
         * For example {@code api 1.21 cores, postgres 0.52, generator 0.05, rest of the machine 0.20
         * (2 cores); CPU per report: api 6.1 ms, postgres 2.6 ms, generator 0.3 ms}. CPU per
         * operation is the figure least disturbed by other work on a shared machine.
         */
        String describe(long operations, String unit) {
            return String.format(
                    Locale.ROOT,
                    "api %.2f cores, postgres %.2f, generator %.2f, rest of the machine %.2f (%d cores);"
                            + " CPU per %s: api %.1f ms, postgres %.1f ms, generator %.1f ms",
                    api / wall,
                    postgres / wall,
                    generator / wall,
                    others / wall,
                    Runtime.getRuntime().availableProcessors(),
                    unit,
                    1000 * api / operations,
                    1000 * postgres / operations,
                    1000 * generator / operations);
        }
    }

    Usage stop() throws SQLException {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double apiUsed = apiPid > 0 ? CpuClock.processSeconds(apiPid) - api : Double.NaN;
        double ownUsed = CpuClock.ownSeconds() - own;
        double machineUsed = CpuClock.machineBusySeconds() - machine;
        Set<Long> pids = new HashSet<>(database.serverPids());
        pids.addAll(postgres.keySet());
        double postgresUsed = 0;
        for (long pid : pids) {
            double now = CpuClock.processSeconds(pid);
            // A backend that ended during the phase reads 0: its CPU is lost, not negative.
            postgresUsed += Math.max(0, now - postgres.getOrDefault(pid, 0.0));
        }
        double others = machineUsed - (Double.isNaN(apiUsed) ? 0 : apiUsed) - ownUsed - postgresUsed;
        return new Usage(wall, apiUsed, postgresUsed, ownUsed, Math.max(0, others));
    }
}
