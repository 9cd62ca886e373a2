package io.procscope.agent;

import io.procscope.agent.collect.ReportCollector;
import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.config.ConfigException;
import io.procscope.agent.config.Setting;
import io.procscope.agent.health.AgentHealth;
import io.procscope.agent.health.HealthServer;
import io.procscope.agent.ship.ReportShipper;
import io.procscope.dto.HostReport;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent as a library: {@link #collectOnce} for one report, {@link #start} for the loop that
 * collects every interval and ships to the API until closed.
 */
public final class Agent {

    private static final Logger LOG = Logger.getLogger(Agent.class.getName());

    /** Wait between priming and collecting in {@link #collectOnce(AgentConfig)}. */
    public static final Duration ONCE_PRIME_WAIT = Duration.ofSeconds(1);

    /** How often the loop logs a summary line at INFO. */
    public static final Duration SUMMARY_EVERY = Duration.ofMinutes(5);

    private Agent() {}

    /**
     * @return the agent's version from the jar manifest's {@code Implementation-Version}, or {@code
     *     dev} when run from classes
     */
    public static String version() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /**
     * Collects one report: primes the CPU counters, waits {@link #ONCE_PRIME_WAIT}, collects.
     *
     * @param config the settings
     * @return the report
     * @throws InterruptedException when interrupted while waiting
     * @throws ConfigException when {@code proc-path} is unusable
     */
    public static HostReport collectOnce(AgentConfig config) throws InterruptedException {
        return collectOnce(config, ONCE_PRIME_WAIT);
    }

    /**
     * Collects one report after priming and waiting {@code primeWait}.
     *
     * @param config the settings
     * @param primeWait time between the priming reading and the report; CPU percentages average over
     *     it
     * @return the report
     * @throws InterruptedException when interrupted while waiting
     * @throws ConfigException when {@code proc-path} is unusable
     */
    public static HostReport collectOnce(AgentConfig config, Duration primeWait) throws InterruptedException {
        ReportCollector collector = AgentWiring.collector(config, version());
        collector.prime();
        TimeUnit.NANOSECONDS.sleep(primeWait.toNanos());
        return collector.collect();
    }

    /**
     * Starts the loop on its own thread: prime, wait one interval, then collect and ship every
     * interval until {@link Running#close()}.
     *
     * @param config the settings
     * @return the running loop
     * @throws ConfigException when the spool directory cannot be created or {@code proc-path} is
     *     unusable
     */
    public static Running start(AgentConfig config) {
        if (config.usesDevEnrollSecret()) {
            LOG.warning("enrolling with the development key '" + AgentConfig.DEV_ENROLL_SECRET + "'; set "
                    + Setting.ENROLL_SECRET_FILE.envName() + " or " + Setting.ENROLL_SECRET.envName()
                    + " for a real deployment");
        }
        ReportShipper shipper = AgentWiring.shipper(config, version());
        ReportCollector collector = AgentWiring.collector(config, version());
        Running running = new Running(config, collector, shipper);
        if (config.healthPort() > 0) {
            try {
                running.healthServer = HealthServer.start(config.healthPort(), running::health);
            } catch (IOException e) {
                throw new ConfigException(
                        "invalid " + Setting.HEALTH_PORT.key() + " '" + config.healthPort() + "': cannot listen: " + e,
                        e);
            }
        }
        running.thread.start();
        return running;
    }

    /** The loop, running on its own thread until closed. */
    public static final class Running implements AutoCloseable {

        private final AgentConfig config;
        private final ReportCollector collector;
        private final ReportShipper shipper;
        private final Thread thread;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition wake = lock.newCondition();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final AtomicLong collections = new AtomicLong();
        private final AtomicLong collectFailures = new AtomicLong();
        private volatile boolean stopping;
        private volatile Throwable failure;
        private volatile int lastProcessCount;
        private volatile long lastCollectMillis;
        private volatile long lastCollectNanos;
        private final long startNanos = System.nanoTime();
        private volatile long lastSuccessNanos = startNanos;
        private HealthServer healthServer;

        private Running(AgentConfig config, ReportCollector collector, ReportShipper shipper) {
            this.config = config;
            this.collector = collector;
            this.shipper = shipper;
            this.thread = new Thread(this::run, "procscope-agent");
        }

        /**
         * @return reports collected so far
         */
        public long collections() {
            return collections.get();
        }

        /**
         * @return the shipper's counters
         */
        public ReportShipper.Stats stats() {
            return shipper.stats();
        }

        /**
         * The agent's health now: healthy while a collection succeeded within three intervals (the
         * first report comes one interval after the start).
         *
         * @return health and counters
         */
        public AgentHealth health() {
            long since = System.nanoTime() - lastSuccessNanos;
            ReportShipper.Stats s = shipper.stats();
            return new AgentHealth(
                    isRunning() && since <= 3 * config.interval().toNanos(),
                    since / 1e9,
                    collections.get(),
                    collectFailures.get(),
                    lastCollectNanos / 1e9,
                    lastProcessCount,
                    s.sent(),
                    s.failedAttempts(),
                    s.spooled(),
                    s.dropped(),
                    s.rejected(),
                    shipper.spoolBytes(),
                    s.expired(),
                    s.clockSkewRefusals(),
                    s.clockSkew(),
                    s.credentialState(),
                    s.credentialProblem(),
                    s.tlsProblem(),
                    s.tlsFailures());
        }

        /**
         * @return the port of the health endpoints, or 0 when they are off
         */
        public int healthPort() {
            return healthServer == null ? 0 : healthServer.port();
        }

        /**
         * @return true until the loop has stopped
         */
        public boolean isRunning() {
            return stopped.getCount() > 0;
        }

        /**
         * Waits for the loop to stop (after {@link #close()}, or if it died).
         *
         * @param timeout longest wait
         * @return true when it has stopped
         * @throws InterruptedException when interrupted
         */
        public boolean awaitStop(Duration timeout) throws InterruptedException {
            return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /**
         * @return what killed the loop, or null when it is running or was closed
         */
        public Throwable failure() {
            return failure;
        }

        /**
         * Stops the loop: lets a send in flight finish (bounded by the timeout), keeps unsent reports
         * in the spool, and returns when the thread has ended.
         */
        @Override
        public void close() {
            stopping = true;
            if (healthServer != null) {
                healthServer.close();
            }
            signal();
            try {
                if (!stopped.await(config.timeout().toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                    thread.interrupt();
                    stopped.await(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void signal() {
            lock.lock();
            try {
                wake.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private void run() {
            try {
                int primed = collector.prime();
                LOG.info("agent " + version() + " started: reporting " + primed + " processes every "
                        + config.interval().toMillis() + " ms to " + config.apiUrl() + ", spool "
                        + config.spoolDir());
                long intervalNanos = config.interval().toNanos();
                long nextCollect = System.nanoTime() + intervalNanos;
                long nextSummary = System.nanoTime() + SUMMARY_EVERY.toNanos();
                while (!stopping) {
                    try {
                        long now = System.nanoTime();
                        if (now - nextCollect >= 0) {
                            nextCollect += intervalNanos;
                            if (nextCollect - System.nanoTime() <= 0) {
                                // collection or shipping overran: skip ticks rather than bunch up
                                nextCollect = System.nanoTime() + intervalNanos;
                            }
                            collectAndShip(nextCollect);
                        } else {
                            // the spool's backlog, as far as the backoff allows, until the next collection
                            sleepUntil(shipper.deliverDue(nextCollect));
                        }
                    } catch (RuntimeException e) {
                        // a bug in one cycle must not end the monitoring of the host
                        LOG.log(Level.SEVERE, "cycle failed: " + e, e);
                        sleepUntil(nextCollect);
                    }
                    if (System.nanoTime() - nextSummary >= 0) {
                        logSummary();
                        nextSummary = System.nanoTime() + SUMMARY_EVERY.toNanos();
                    }
                }
                LOG.info("agent stopped after " + collections.get() + " reports; " + describe(shipper.stats()));
            } catch (Throwable t) {
                failure = t;
                LOG.log(Level.SEVERE, "agent loop died: " + t, t);
            } finally {
                stopped.countDown();
            }
        }

        private void collectAndShip(long deadlineNanos) {
            HostReport report;
            try {
                report = collector.collect();
            } catch (RuntimeException e) {
                collectFailures.incrementAndGet();
                LOG.log(Level.WARNING, "collection failed: " + e, e);
                return;
            }
            collections.incrementAndGet();
            lastSuccessNanos = System.nanoTime();
            lastProcessCount = report.processes().size();
            lastCollectNanos = collector.lastDuration().toNanos();
            lastCollectMillis = lastCollectNanos / 1_000_000;
            shipper.submit(report, deadlineNanos);
        }

        private void sleepUntil(long wakeAtNanos) {
            lock.lock();
            try {
                long remaining = wakeAtNanos - System.nanoTime();
                while (!stopping && remaining > 0) {
                    remaining = wake.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                stopping = true;
            } finally {
                lock.unlock();
            }
        }

        private void logSummary() {
            LOG.info(collections.get() + " reports collected (last: " + lastProcessCount + " processes in "
                    + lastCollectMillis + " ms"
                    + (collectFailures.get() > 0 ? ", " + collectFailures.get() + " failed" : "")
                    + "); " + describe(shipper.stats()));
        }

        private static String describe(ReportShipper.Stats s) {
            return s.sent() + " sent (" + s.duplicates() + " duplicates), " + s.spooled() + " spooled, " + s.rejected()
                    + " rejected, " + s.dropped() + " dropped, " + s.lost() + " lost; API "
                    + (s.apiReachable() ? "reachable" : "unreachable");
        }
    }
}
