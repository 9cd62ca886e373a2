package io.procscope.agent.ship;

import io.procscope.dto.HostReport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gets reports to the API, in order, surviving its absence. With an empty spool a new report is sent
 * directly and spooled only if that fails; otherwise it joins the spool, which is sent oldest first
 * until an attempt fails. After a failure, attempts wait an exponential backoff with jitter, capped at
 * the interval, or as long as the API's {@code Retry-After} asks (429 when it is busy, 503 when its
 * database is away), up to {@link #MAX_RETRY_AFTER}, with jitter too. A report the API refuses for
 * good is logged with the API's detail and moved to the spool's {@code rejected/}. A refusal that
 * blames the agent's settings rather than the report (401 or 403 without a credential problem, 404,
 * 405: a wrong api-url) is retried like an outage for {@code refused-retry}, so that fixing the
 * setting loses nothing; once it has lasted that long, the reports it refuses are set aside as well,
 * and {@code procscope-agent --requeue-rejected} brings them back.
 *
 * <p>Reports go with the host's credential, which {@link Enrollment} holds: while it has none (not
 * enrolled yet, or the API revoked or refused it) every report waits in the spool, none is set aside,
 * and the spool drains, oldest first, once the host is enrolled again.
 *
 * <p>The shipper keeps its own timing (the backoff, when the next attempt is due, how long a refusal
 * has lasted): the agent's loop hands it each new report ({@link #submit}) and, between collections,
 * lets it deliver what is due and sleeps until the time {@link #deliverDue} names.
 *
 * <p>Logs one line when the API goes away and one when it is back; each report sent is logged at
 * FINE. Meant for one thread (the agent's loop); {@link #stats()} may be read from any.
 */
public final class ReportShipper {

    private static final Logger LOG = Logger.getLogger(ReportShipper.class.getName());

    /** Delay after the first failure, before jitter. */
    static final Duration BACKOFF_BASE = Duration.ofMillis(500);

    /** The longest {@code Retry-After} honoured: an API (or a proxy) asking for hours is not obeyed. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    /**
     * Up to this share of a {@code Retry-After} is added at random, so that agents the API turned away
     * together do not come back together.
     */
    static final double RETRY_AFTER_JITTER = 0.2;

    private final ReportClient client;
    private final Enrollment enrollment;
    private final Spool spool;
    private final long capNanos;
    private final Duration refusedRetry;
    private final Backoff backoff;
    private final LongSupplier nanoClock;
    private final DoubleSupplier random;

    private long retryAtNanos;
    private boolean apiDown;
    private long downSinceNanos;
    private boolean refusing;
    private long refusingSinceNanos;
    private boolean refusalLogged;

    /** Ten minutes: a wrong clock is said once, not once a report. */
    private static final long CLOCK_SKEW_LOG_EVERY_NANOS = 600_000_000_000L;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong clockSkewRefusals = new AtomicLong();
    private volatile boolean reachable = true;
    /** The API's last word on this host's clock while it refuses reports for it; null once it accepts one. */
    private volatile String clockSkew;

    private long clockSkewLoggedNanos;

    /**
     * Counters since the shipper started.
     *
     * @param sent reports the API accepted
     * @param duplicates of those, reports it already had
     * @param spooled reports that went to the spool because the API could not take them then
     * @param rejected reports the API refused for good, moved to {@code rejected/}
     * @param dropped reports dropped from a full spool
     * @param lost reports that could not even be written to the spool
     * @param failedAttempts sends that failed (no answer, 5xx, 401, ...)
     * @param apiReachable whether the last attempt reached the API
     * @param expired reports dropped because the API refused them as older than its retention
     * @param clockSkewRefusals reports the API refused because this host's clock is ahead of its own
     * @param clockSkew the API's detail while it refuses reports for clock skew; null otherwise
     * @param credentialState where the host stands with the API: {@code enrolled}, {@code unenrolled},
     *     {@code revoked}, {@code unknown} or {@code refused}
     * @param credentialProblem why reports cannot be delivered while the API refuses the credential or
     *     the enrollment; null otherwise
     * @param tlsProblem why TLS with the API fails while it does (nothing is sent); null otherwise
     * @param tlsFailures calls to the API that failed their TLS handshake
     */
    public record Stats(
            long sent,
            long duplicates,
            long spooled,
            long rejected,
            long dropped,
            long lost,
            long failedAttempts,
            boolean apiReachable,
            long expired,
            long clockSkewRefusals,
            String clockSkew,
            String credentialState,
            String credentialProblem,
            String tlsProblem,
            long tlsFailures) {}

    /**
     * @param client the API client
     * @param enrollment the host's enrollment, whose credential reports go with
     * @param spool the spool
     * @param interval the collection interval, the longest backoff
     * @param refusedRetry how long a refusal for a wrong URL is retried before its reports are set
     *     aside
     */
    public ReportShipper(
            ReportClient client, Enrollment enrollment, Spool spool, Duration interval, Duration refusedRetry) {
        this(
                client,
                enrollment,
                spool,
                interval,
                refusedRetry,
                System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    ReportShipper(
            ReportClient client,
            Enrollment enrollment,
            Spool spool,
            Duration interval,
            Duration refusedRetry,
            LongSupplier nanoClock,
            DoubleSupplier random) {
        this.client = client;
        this.enrollment = enrollment;
        this.spool = spool;
        this.capNanos = interval.toNanos();
        this.refusedRetry = refusedRetry;
        this.nanoClock = nanoClock;
        this.random = random;
        this.backoff = new Backoff(BACKOFF_BASE, interval, random);
    }

    /**
     * Ships a new report: directly when nothing is waiting, else through the spool.
     *
     * @param report the report
     * @param deadlineNanos {@link System#nanoTime()} by which to stop draining the spool (the next
     *     collection); at least one attempt is made regardless
     */
    public void submit(HostReport report, long deadlineNanos) {
        byte[] body = ReportJson.toGzip(report);
        Optional<String> credential = enrollment.credentialFor(
                report.host() == null ? null : report.host().hostname());
        boolean backlog = hasBacklog();
        if (credential.isPresent() && !backlog && !backingOff()) {
            SendOutcome outcome = settle(client.send(body, credential.get()));
            if (outcome instanceof SendOutcome.Accepted a) {
                onAccepted(report.reportId().toString(), a);
            } else if (outcome instanceof SendOutcome.Rejected r) {
                onRejected(report.reportId().toString(), r);
                if (r.expired()) {
                    return;
                }
                try {
                    spool.addRejected(report.collectedAtMillis(), report.reportId(), body);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot keep rejected report {0}: {1}", new Object[] {
                        report.reportId(), e.toString()
                    });
                }
            } else if (outcome instanceof SendOutcome.CredentialRefused c) {
                toSpool(report, body); // first, so the refusal's log line counts it
                onCredentialRefused(c);
            } else if (outcome instanceof SendOutcome.Failed f) {
                onFailed(f);
                toSpool(report, body);
            }
            return;
        }
        toSpool(report, body);
        if (credential.isPresent() && !backingOff()) {
            drain(deadlineNanos);
        }
    }

    /**
     * Delivers what is due between two collections: spooled reports, oldest first, until one fails,
     * the spool is empty or the deadline passes; nothing while backing off.
     *
     * @param deadlineNanos {@link System#nanoTime()} of the next collection: sending stops there, after
     *     at least one attempt, and no wait is longer
     * @return {@link System#nanoTime()} at which to call again: now when more may be sent, the end of
     *     the backoff (or the deadline, if sooner) while backing off, and the deadline when nothing
     *     waits or nothing waiting could be read
     */
    public long deliverDue(long deadlineNanos) {
        if (!hasBacklog()) {
            return deadlineNanos;
        }
        if (backingOff()) {
            return sooner(retryAtNanos, deadlineNanos);
        }
        if (!enrollment.hasCredential() && enrollment.waiting()) {
            return sooner(enrollment.nextAttemptNanos(deadlineNanos), deadlineNanos);
        }
        if (drain(deadlineNanos) == 0) {
            if (!enrollment.hasCredential()) {
                // no credential yet, or refused: when the next enrollment is due, if before the next collection
                return sooner(enrollment.nextAttemptNanos(deadlineNanos), deadlineNanos);
            }
            return deadlineNanos; // spooled files that cannot even be read: wait for the next collection
        }
        return nanoClock.getAsLong();
    }

    private static long sooner(long a, long b) {
        return a - b < 0 ? a : b;
    }

    /**
     * Sends spooled reports, oldest first, until one fails, the spool is empty or the deadline
     * passes. Does nothing while backing off.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which to stop; at least one attempt is made
     * @return how many reports were sent (accepted, rejected or failed); 0 when none was tried
     */
    int drain(long deadlineNanos) {
        if (backingOff()) {
            return 0;
        }
        Optional<String> credential = enrollment.credentialFor(null);
        if (credential.isEmpty()) {
            return 0;
        }
        List<Spool.Entry> entries;
        try {
            entries = spool.entries();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the spool {0}: {1}", new Object[] {spool.dir(), e.toString()});
            return 0;
        }
        int attempts = 0;
        for (Spool.Entry entry : entries) {
            if (attempts > 0 && nanoClock.getAsLong() - deadlineNanos >= 0) {
                return attempts;
            }
            byte[] body;
            try {
                body = spool.read(entry);
            } catch (IOException e) {
                continue; // dropped from a full spool meanwhile
            }
            SendOutcome outcome = settle(client.send(body, credential.get()));
            attempts++;
            try {
                if (outcome instanceof SendOutcome.Accepted a) {
                    spool.remove(entry);
                    onAccepted(entry.reportId().toString(), a);
                } else if (outcome instanceof SendOutcome.Rejected r) {
                    if (r.expired()) {
                        spool.remove(entry);
                    } else {
                        spool.reject(entry);
                    }
                    onRejected(entry.reportId().toString(), r);
                } else if (outcome instanceof SendOutcome.CredentialRefused c) {
                    if (isStale(c, entry, body)) {
                        continue;
                    }
                    onCredentialRefused(c);
                    return attempts;
                } else if (outcome instanceof SendOutcome.Failed f) {
                    onFailed(f);
                    return attempts;
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot update the spool {0}: {1}", new Object[] {spool.dir(), e.toString()});
                return attempts;
            }
        }
        return attempts;
    }

    /**
     * @return true when reports are waiting in the spool
     */
    boolean hasBacklog() {
        try {
            return !spool.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @return {@link System#nanoTime()} of the next allowed attempt; now when not backing off
     */
    long nextAttemptNanos() {
        return backingOff() ? retryAtNanos : nanoClock.getAsLong();
    }

    /**
     * @return the counters so far
     */
    public Stats stats() {
        return new Stats(
                sent.get(),
                duplicates.get(),
                spooled.get(),
                rejected.get(),
                spool.droppedCount(),
                lost.get(),
                failedAttempts.get(),
                reachable && enrollment.apiReachable(),
                expired.get(),
                clockSkewRefusals.get(),
                clockSkew,
                enrollment.state().label(),
                enrollment.problem(),
                client.transport().tlsProblem().orElse(null),
                client.transport().tlsFailures());
    }

    /**
     * @return bytes waiting in the spool; 0 when it cannot be listed
     */
    public long spoolBytes() {
        try {
            return spool.sizeBytes();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * @return true while waiting out the backoff after a failed attempt
     */
    boolean isBackingOff() {
        return backingOff();
    }

    private boolean backingOff() {
        return retryAtNanos != 0 && nanoClock.getAsLong() - retryAtNanos < 0;
    }

    /**
     * Turns a refusal for a wrong key or URL into a rejection once refusals have lasted {@code
     * refused-retry}; any other answer ends the refusal.
     */
    private SendOutcome settle(SendOutcome outcome) {
        if (!(outcome instanceof SendOutcome.Failed f) || !f.refusal()) {
            if (!(outcome instanceof SendOutcome.Failed)) {
                refusing = false;
                refusalLogged = false;
            }
            return outcome;
        }
        long now = nanoClock.getAsLong();
        if (!refusing) {
            refusing = true;
            refusingSinceNanos = now;
        }
        Duration refusedFor = Duration.ofNanos(now - refusingSinceNanos);
        return refusedFor.compareTo(refusedRetry) >= 0 ? f.setAside(refusedFor) : outcome;
    }

    private void toSpool(HostReport report, byte[] body) {
        // a send interrupted by close() leaves the flag set, which would make file channels refuse
        // to write: clear it so the report still reaches the disk, then restore it
        boolean interrupted = Thread.interrupted();
        try {
            if (spool.add(report.collectedAtMillis(), report.reportId(), body)) {
                spooled.incrementAndGet();
            }
        } catch (IOException e) {
            lost.incrementAndGet();
            LOG.log(Level.SEVERE, "cannot spool report {0} in {1}: {2}; the report is lost", new Object[] {
                report.reportId(), spool.dir(), e.toString()
            });
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The API refused the credential, not the report: the report waits, and the host enrolls again. */
    private void onCredentialRefused(SendOutcome.CredentialRefused c) {
        stopBackingOff();
        reachable = true;
        apiDown = false;
        enrollment.refused(c);
    }

    /**
     * A spooled report that names another host than the credential is for was collected before the
     * host was renamed: no credential of this host can deliver it, so it is set aside in {@code
     * rejected/} (from where {@code --requeue-rejected} can still bring it back), not left to block
     * the spool. A report of this host's name is not stale: the API moved the credential.
     *
     * @return true when the report was stale and set aside
     */
    private boolean isStale(SendOutcome.CredentialRefused c, Spool.Entry entry, byte[] body) throws IOException {
        if (!SendOutcome.CredentialRefused.WRONG_HOST.equals(c.type())) {
            return false;
        }
        String named;
        try {
            HostReport report = ReportJson.fromGzip(body);
            named = report.host() == null ? null : report.host().hostname();
        } catch (IOException e) {
            return false;
        }
        if (named == null || named.equals(enrollment.hostname())) {
            return false;
        }
        spool.reject(entry);
        rejected.incrementAndGet();
        LOG.warning("report " + entry.reportId() + " names host " + named + ", collected before this host became "
                + enrollment.hostname() + ": no credential of this host can deliver it; set aside in "
                + spool.dir().resolve(Spool.REJECTED_DIR));
        return true;
    }

    private void onAccepted(String reportId, SendOutcome.Accepted a) {
        enrollment.credentialTaken();
        if (clockSkew != null) {
            clockSkew = null;
            LOG.info("API accepts reports again: the host's clock agrees with it");
        }
        answered();
        sent.incrementAndGet();
        if (a.duplicate()) {
            duplicates.incrementAndGet();
        }
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("report " + reportId + " accepted (" + a.status() + ")"
                    + (a.receipt() == null
                            ? ""
                            : a.duplicate()
                                    ? ", already stored"
                                    : ", " + a.receipt().processes() + " processes stored"));
        }
    }

    private void onRejected(String reportId, SendOutcome.Rejected r) {
        if (r.expired()) {
            // Older than the API keeps history: no requeue could ever store it.
            expired.incrementAndGet();
            answered();
            LOG.warning("API refused report " + reportId + " as too old to store (" + r.detail() + "); dropped");
            return;
        }
        if (r.clockSkew()) {
            onClockSkew(reportId, r);
            return;
        }
        rejected.incrementAndGet();
        String where = spool.dir().resolve(Spool.REJECTED_DIR).toString();
        if (!refusing) {
            answered();
            LOG.severe(
                    "API rejected report " + reportId + ": " + r.describe() + "; kept in " + where + ", not retried");
            return;
        }
        // the API still refuses: set the rest aside without waiting, but it is not back
        stopBackingOff();
        if (!refusalLogged) {
            refusalLogged = true;
            LOG.severe("API still refuses reports: " + r.describe() + "; setting them aside in " + where
                    + " from report " + reportId + " on; once api-key or api-url is fixed,"
                    + " 'procscope-agent --requeue-rejected' sends them again");
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("report " + reportId + " set aside: " + r.describe());
        }
    }

    /**
     * The host's clock runs ahead of the API's: every report is refused until it is set right, so
     * this says so once every {@link #CLOCK_SKEW_LOG_EVERY_NANOS}, in the log, and as long as it lasts,
     * in {@code /metrics} and {@code /healthz}. The report is set aside like any refused one (its
     * times are wrong; {@code --requeue-rejected} can still send it once the clocks agree).
     */
    private void onClockSkew(String reportId, SendOutcome.Rejected r) {
        rejected.incrementAndGet();
        clockSkewRefusals.incrementAndGet();
        answered();
        boolean first = clockSkew == null;
        clockSkew = r.detail();
        long now = nanoClock.getAsLong();
        if (first || now - clockSkewLoggedNanos >= CLOCK_SKEW_LOG_EVERY_NANOS) {
            clockSkewLoggedNanos = now;
            LOG.severe("API refuses reports: this host's clock is wrong. " + r.detail() + " (report " + reportId
                    + " and the rest set aside in " + spool.dir().resolve(Spool.REJECTED_DIR) + " until then)");
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("report " + reportId + " refused for clock skew");
        }
    }

    private void answered() {
        stopBackingOff();
        reachable = true;
        if (apiDown) {
            apiDown = false;
            long downMillis = (nanoClock.getAsLong() - downSinceNanos) / 1_000_000;
            LOG.info("API at " + client.endpoint() + " answers again after " + downMillis / 1000 + " s; "
                    + "sending the spooled reports oldest first");
        }
    }

    private void stopBackingOff() {
        backoff.reset();
        retryAtNanos = 0;
    }

    private void onFailed(SendOutcome.Failed f) {
        failedAttempts.incrementAndGet();
        long delay = Math.min(backoff.nextDelay().toNanos(), capNanos);
        if (f.retryAfter().isPresent()) {
            // The API (429: busy, or too many new hosts; 503: its database is away) says when: that,
            // past the interval if need be, but not past MAX_RETRY_AFTER, plus jitter.
            long told = Math.min(f.retryAfter().get().toNanos(), MAX_RETRY_AFTER.toNanos());
            delay = Math.max(delay, told + (long) (told * RETRY_AFTER_JITTER * random.getAsDouble()));
        }
        long now = nanoClock.getAsLong();
        retryAtNanos = now + Math.max(1, delay);
        reachable = false;
        if (!apiDown) {
            apiDown = true;
            downSinceNanos = now;
            // a TLS failure was said by the transport, with the API's URL and the reason
            LOG.log(
                    f.tls() ? Level.FINE : f.unauthorized() ? Level.SEVERE : Level.WARNING,
                    "API not taking reports: {0}; spooling them and retrying{1}",
                    new Object[] {
                        f.reason(),
                        f.retryAfter().isPresent()
                                ? " in " + delay / 1_000_000_000L + " s, as its Retry-After asks"
                                : ""
                    });
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("attempt " + backoff.failures() + " failed: " + f.reason() + "; next in " + delay / 1_000_000
                    + " ms");
        }
    }
}
