package io.procscope.agent.ship;

import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.config.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The host's enrollment: the credential its reports are sent with, and what the API last said of it.
 *
 * <p>At start the credential file is read. The first report names the host: when there is no
 * credential, or the one in the file is for another host name (the host was renamed), the host is
 * enrolled ({@code POST /api/v1/enroll} with the enrollment secret) and the new credential written
 * to the file. Until a credential is in hand, reports wait in the spool.
 *
 * <p>When the API refuses the credential on a report (revoked, unknown, not a credential, another
 * host's) or refuses an enrollment (409 host enrolled or revoked, 401 wrong secret), the state
 * changes, which is logged once and shown in {@code /healthz} and {@code /metrics}; reports keep
 * waiting in the spool, none is set aside, and the host tries to enroll again after {@code
 * enroll-retry}, doubling up to {@link #MAX_REFUSAL_WAIT} (or that setting, if longer), with jitter.
 * An API that does not answer is tried again as for reports: after 0.5 s doubling up to the
 * interval, or after its {@code Retry-After} (429, 503) up to {@link ReportShipper#MAX_RETRY_AFTER}.
 * Once enrolled again the spool drains, oldest first.
 *
 * <p>Each enrollment has a random id, made before its first attempt, kept beside the credential
 * file ({@link CredentialFile#enrollmentPath()}) and sent with every attempt, also after a
 * restart, until a report is accepted with the credential it got. When an answer is lost (the
 * timeout passes, or the connection breaks, after the API stored the credential), the API answers
 * the retry with a fresh credential instead of 409 host-enrolled. Should a late attempt overtake
 * the one answered (the API then knows only the late one's credential), the first report gets 401
 * credential-unknown and the host enrolls again at once, with the same id: once per enrollment,
 * then as for any other refusal.
 *
 * <p>Neither the credential, the enrollment id nor the enrollment secret is ever logged. Meant for one thread (the
 * agent's loop, through {@link ReportShipper}); {@link #state()}, {@link #problem()} and {@link
 * #apiReachable()} may be read from any.
 */
public final class Enrollment {

    private static final Logger LOG = Logger.getLogger(Enrollment.class.getName());

    /** The longest wait between two enrollments the API refused, unless {@code enroll-retry} is longer. */
    static final Duration MAX_REFUSAL_WAIT = Duration.ofMinutes(5);

    /** Where the host stands with the API, as {@code /metrics} labels it. */
    public enum State {
        /** A credential is in hand and the API took it last time. */
        ENROLLED,
        /** No credential yet: the first enrollment has not succeeded (the API may not be up yet). */
        UNENROLLED,
        /** An operator revoked the credential; an operator resets the host before it may enroll again. */
        REVOKED,
        /** The API does not know the credential: the host was reset or deleted, or its database replaced. */
        UNKNOWN,
        /** The API refuses the enrollment (host enrolled elsewhere, wrong secret) or the credential's host. */
        REFUSED;

        /**
         * @return the {@code state} label: {@code enrolled}, {@code revoked}, ...
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final EnrollmentClient client;
    private final CredentialFile file;
    private final Spool spool;
    private final long outageCapNanos;
    private final LongSupplier nanoClock;
    private final DoubleSupplier random;
    private final Backoff refusalBackoff;
    private final Backoff outageBackoff;

    private final SecureRandom ids = new SecureRandom();

    private Credential credential;
    private PendingEnrollment pending;
    private boolean overtakenOnce;
    private boolean enrollmentUnsaved;
    private boolean usable;
    private String hostname;
    private long retryAtNanos;
    private boolean failingToEnroll;
    private String cause;

    private volatile State state = State.UNENROLLED;
    private volatile String problem;
    private volatile boolean reachable = true;

    /**
     * Reads the credential file, if there is one.
     *
     * @param client the enrollment client
     * @param file the credential file
     * @param spool the spool, to say how many reports wait in it
     * @param enrollRetry the first wait after a refusal
     * @param interval the collection interval, the longest wait while the API does not answer
     * @param nanoClock {@link System#nanoTime()}, or a test's clock
     * @param random uniform numbers in [0, 1) for the jitter
     */
    Enrollment(
            EnrollmentClient client,
            CredentialFile file,
            Spool spool,
            Duration enrollRetry,
            Duration interval,
            LongSupplier nanoClock,
            DoubleSupplier random) {
        this.client = client;
        this.file = file;
        this.spool = spool;
        this.outageCapNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.random = random;
        Duration cap = enrollRetry.compareTo(MAX_REFUSAL_WAIT) > 0 ? enrollRetry : MAX_REFUSAL_WAIT;
        this.refusalBackoff = new Backoff(enrollRetry, cap, random);
        this.outageBackoff = new Backoff(ReportShipper.BACKOFF_BASE, interval, random);
        try {
            file.read().ifPresent(c -> {
                credential = c;
                usable = true;
                state = State.ENROLLED;
                LOG.fine(() -> "using the credential in " + file.path() + " of host " + c.hostname() + ", enrolled at "
                        + Instant.ofEpochMilli(c.enrolledAtMillis()));
            });
        } catch (IOException e) {
            LOG.warning("cannot use the credential file " + file.path() + " (" + e.getMessage()
                    + "); enrolling the host again");
        }
        try {
            pending = file.readEnrollment().orElse(null);
        } catch (IOException e) {
            LOG.warning("cannot use the enrollment file " + file.enrollmentPath() + " (" + e.getMessage()
                    + "); the next enrollment gets a new id");
        }
    }

    /**
     * The enrollment of this agent, from its settings: {@code api-url}, the enrollment secret, {@code
     * credential-file}, {@code enroll-retry}, {@code interval}, {@code timeout}. The credential file's
     * directory is the agent's own (tightened to 0700 if need be) when it is the default one in the
     * state home or the spool directory.
     *
     * @param config the settings
     * @param spool the spool, to say how many reports wait in it
     * @param transport how calls reach the API, shared with the report client
     * @param agentVersion the agent's version, sent when enrolling
     * @return the enrollment, its credential file read
     */
    public static Enrollment of(AgentConfig config, Spool spool, ApiTransport transport, String agentVersion) {
        Path file = config.credentialFile().toAbsolutePath();
        boolean own = "default".equals(config.originOf(Setting.CREDENTIAL_FILE))
                || file.getParent().equals(config.spoolDir().toAbsolutePath());
        return new Enrollment(
                EnrollmentClient.of(config, transport, agentVersion),
                new CredentialFile(file, own),
                spool,
                config.enrollRetry(),
                config.interval(),
                System::nanoTime,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The credential to send a report of {@code reportHostname} with. Enrolls first when there is
     * none for that name and no wait is running.
     *
     * @param reportHostname the host name of the report to send; null for a spooled one, which the
     *     host name of the newest report (or of the credential) stands for
     * @return the credential; empty while the host has none the API takes
     */
    Optional<String> credentialFor(String reportHostname) {
        if (reportHostname != null && !reportHostname.equals(hostname)) {
            hostname = reportHostname;
            if (credential != null && usable && !credential.hostname().equals(hostname)) {
                usable = false;
                state = State.UNENROLLED;
                retryAtNanos = 0;
                LOG.info("the credential in " + file.path() + " is for host " + credential.hostname()
                        + ", and this host is now " + hostname + ": enrolling it");
            }
        }
        if (!usable && name() != null && !waiting()) {
            enroll(name());
        }
        return usable ? Optional.of(credential.token()) : Optional.empty();
    }

    /**
     * A report was accepted with the credential: the enrollment that got it is over, and its id is
     * no longer kept.
     */
    void credentialTaken() {
        if (pending == null
                || credential == null
                || !usable
                || !pending.hostname().equals(credential.hostname())) {
            return;
        }
        pending = null;
        overtakenOnce = false;
        try {
            file.deleteEnrollment();
        } catch (IOException e) {
            // a stale id is harmless: the API answers it a second time only while the credential is unused
            LOG.fine("cannot delete " + file.enrollmentPath() + ": " + e);
        }
    }

    /**
     * The API refused the credential on a report: the state changes (logged once), and the host
     * tries to enroll again after the refusal backoff. The report stays in the spool.
     *
     * @param r the refusal
     */
    void refused(SendOutcome.CredentialRefused r) {
        usable = false;
        reachable = true;
        outageBackoff.reset();
        String host = name();
        if (SendOutcome.CredentialRefused.UNKNOWN.equals(r.type())
                && !overtakenOnce
                && pending != null
                && credential != null
                && pending.hostname().equals(credential.hostname())) {
            // No report was accepted with it yet: an attempt of this enrollment whose answer was lost
            // reached the API after the one answered, and replaced its credential. Its retry is
            // answered while no report used the credential.
            overtakenOnce = true;
            retryAtNanos = 0;
            LOG.info("the API does not know the credential it issued to host " + host + " before any report was"
                    + " accepted with it (an earlier attempt of the enrollment, whose answer was lost, replaced it,"
                    + " or the host was reset); enrolling again with the same enrollment" + detail(r.detail()));
            return;
        }
        String reset = resetHint(host);
        switch (r.type()) {
            case SendOutcome.CredentialRefused.REVOKED ->
                enter(
                        State.REVOKED,
                        r.type(),
                        "the credential of host " + host + " was revoked by an operator" + detail(r.detail()),
                        "until an operator resets the host (" + reset + ")");
            case SendOutcome.CredentialRefused.UNKNOWN ->
                enter(
                        State.UNKNOWN,
                        r.type(),
                        "the API does not know the credential of host " + host
                                + " (the host was reset or deleted, or the API's database replaced)"
                                + detail(r.detail()),
                        "until the host is enrolled again");
            case SendOutcome.CredentialRefused.ENROLLMENT_REQUIRED ->
                enter(
                        State.UNKNOWN,
                        r.type(),
                        "the API takes the credential in " + file.path() + " for an enrollment secret, not a host"
                                + " credential" + detail(r.detail()),
                        "until the host is enrolled again");
            default ->
                enter(
                        State.REFUSED,
                        r.type(),
                        "the API has the credential of host " + host + " bound to another host name (renamed by an"
                                + " operator?)" + detail(r.detail()),
                        "until the host is enrolled again, or an operator resets or renames it (" + reset + ")");
        }
    }

    /**
     * @return true while the host has no credential the API takes and a wait before the next
     *     enrollment is running
     */
    boolean waiting() {
        return retryAtNanos != 0 && nanoClock.getAsLong() - retryAtNanos < 0;
    }

    /**
     * @param otherwise what to answer when nothing can be tried before the next report names the host
     * @return {@link System#nanoTime()} from which a report can be sent or an enrollment tried: now
     *     with a credential in hand, the end of the wait while one runs
     */
    long nextAttemptNanos(long otherwise) {
        if (usable) {
            return nanoClock.getAsLong();
        }
        if (name() == null) {
            return otherwise;
        }
        return waiting() ? retryAtNanos : nanoClock.getAsLong();
    }

    /**
     * @return true while a credential the API took last is in hand
     */
    boolean hasCredential() {
        return usable;
    }

    /**
     * @return the host name the credential is for, or will be enrolled for; null before the first
     *     report when there is no credential file
     */
    String hostname() {
        return name();
    }

    /**
     * @return where the host stands with the API
     */
    public State state() {
        return state;
    }

    /**
     * @return why reports cannot be delivered, in one sentence, while the API refuses the credential
     *     or the enrollment; null otherwise
     */
    public String problem() {
        return problem;
    }

    /**
     * @return false while enrollments get no answer from the API
     */
    public boolean apiReachable() {
        return reachable;
    }

    /**
     * @return the credential file
     */
    public Path file() {
        return file.path();
    }

    private String name() {
        if (hostname != null) {
            return hostname;
        }
        return credential == null ? null : credential.hostname();
    }

    private void enroll(String host) {
        EnrollOutcome outcome = client.enroll(host, enrollmentOf(host).id());
        if (outcome instanceof EnrollOutcome.Enrolled e) {
            onEnrolled(e.credential());
        } else if (outcome instanceof EnrollOutcome.Refused r) {
            reachable = true;
            failingToEnroll = false;
            outageBackoff.reset();
            onEnrollRefused(host, r);
        } else if (outcome instanceof EnrollOutcome.Failed f) {
            onEnrollFailed(host, f);
        }
    }

    /**
     * The enrollment under way of {@code host}: the one kept, or a new one, written to disk before
     * its first attempt so that a retry after a restart sends the same id.
     */
    private PendingEnrollment enrollmentOf(String host) {
        if (pending != null && pending.hostname().equals(host)) {
            return pending;
        }
        pending = PendingEnrollment.create(host, ids);
        overtakenOnce = false;
        try {
            file.writeEnrollment(pending);
            enrollmentUnsaved = false;
        } catch (IOException e) {
            if (!enrollmentUnsaved) {
                enrollmentUnsaved = true;
                LOG.warning("cannot keep the enrollment id of host " + host + " in " + file.enrollmentPath() + ": "
                        + e + "; should an answer of the API be lost, a retry after a restart is refused (409)"
                        + " until an operator resets the host");
            }
        }
        return pending;
    }

    private void onEnrolled(Credential c) {
        State before = state;
        credential = c;
        usable = true;
        reachable = true;
        failingToEnroll = false;
        refusalBackoff.reset();
        outageBackoff.reset();
        retryAtNanos = 0;
        cause = null;
        try {
            file.write(c);
        } catch (IOException e) {
            LOG.severe("cannot keep the credential of host " + c.hostname() + " in " + file.path() + ": " + e
                    + "; reports are sent with it, but after a restart the API refuses to enroll the host again"
                    + " until an operator resets it (" + resetHint(c.hostname()) + ")");
        }
        state = State.ENROLLED;
        problem = null;
        int waitingReports = spooledReports();
        LOG.info((before == State.UNENROLLED
                        ? "enrolled host " + c.hostname()
                        : "host " + c.hostname() + " is enrolled again")
                + " with the API at " + client.endpoint() + ", credential in " + file.path()
                + (waitingReports > 0 ? "; sending the " + waitingReports + " spooled reports oldest first" : ""));
    }

    private void onEnrollRefused(String host, EnrollOutcome.Refused r) {
        String reset = resetHint(host);
        if (EnrollOutcome.Refused.HOST_REVOKED.equals(r.type())) {
            enter(
                    State.REVOKED,
                    r.type(),
                    "the API refuses to enroll host " + host + ": its credential was revoked" + detail(r.describe()),
                    "until an operator resets the host (" + reset + ")");
        } else if (EnrollOutcome.Refused.HOST_ENROLLED.equals(r.type())) {
            enter(
                    State.REFUSED,
                    r.type(),
                    "the API refuses to enroll host " + host + ": it is enrolled with another credential (a second"
                            + " agent with this host name, or a lost " + file.path() + ")" + detail(r.describe()),
                    "until an operator resets the host (" + reset + ") or it has been gone for the API's"
                            + " procscope.hosts.gone-after");
        } else if (r.status() == 401 || r.status() == 403) {
            enter(
                    State.REFUSED,
                    "secret",
                    "the API refuses the enrollment secret (check enroll-secret or enroll-secret-file)"
                            + detail(r.describe()),
                    "until the enrollment secret is one the API accepts");
        } else {
            enter(
                    State.REFUSED,
                    r.status() + " " + r.type(),
                    "the API refuses to enroll host " + host + detail(r.describe()),
                    "until the API accepts the enrollment");
        }
    }

    private void onEnrollFailed(String host, EnrollOutcome.Failed f) {
        reachable = false;
        long delay = Math.min(outageBackoff.nextDelay().toNanos(), outageCapNanos);
        if (f.retryAfter().isPresent()) {
            long told = Math.min(f.retryAfter().get().toNanos(), ReportShipper.MAX_RETRY_AFTER.toNanos());
            delay = Math.max(delay, told + (long) (told * ReportShipper.RETRY_AFTER_JITTER * random.getAsDouble()));
        }
        retryAtNanos = nanoClock.getAsLong() + Math.max(1, delay);
        if (!failingToEnroll) {
            failingToEnroll = true;
            // a TLS failure was said by the transport, with the API's URL and the reason
            LOG.log(
                    f.tls() ? Level.FINE : Level.WARNING,
                    "cannot enroll host " + host + " yet: " + f.reason() + "; reports are kept in the spool and"
                            + " the enrollment is tried again"
                            + (f.retryAfter().isPresent()
                                    ? " in " + delay / 1_000_000_000L + " s, as its Retry-After asks"
                                    : ""));
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("enrollment attempt failed: " + f.reason() + "; next in " + delay / 1_000_000 + " ms");
        }
    }

    /**
     * Moves to a refusal state and waits the refusal backoff; logs when the state is new, or the
     * cause of a refusal.
     */
    private void enter(State next, String newCause, String what, String until) {
        long delay = Math.max(1, refusalBackoff.nextDelay().toNanos());
        retryAtNanos = nanoClock.getAsLong() + delay;
        // a refusal has causes of its own (the secret, another agent); revoked is revoked, whoever says it
        boolean news = next != state || (next == State.REFUSED && !Objects.equals(newCause, cause));
        state = next;
        cause = newCause;
        problem = what + "; reports are kept in the spool " + until;
        if (news) {
            int n = spooledReports();
            LOG.warning(what + "; " + (n == 1 ? "1 report is" : n + " reports are") + " kept in the spool " + until
                    + "; enrolling again in " + Math.max(1, Math.round(delay / 1e9)) + " s, then less and less often"
                    + " (up to every " + refusalBackoff.capSeconds() + " s)");
        } else if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("still " + next.label() + "; enrolling again in " + delay / 1_000_000 + " ms");
        }
    }

    private int spooledReports() {
        try {
            return spool.entries().size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String resetHint(String host) {
        return "POST /api/v1/admin/hosts/" + host + "/reset";
    }

    private static String detail(String d) {
        return d == null || d.isEmpty() ? "" : " (" + d + ")";
    }
}
