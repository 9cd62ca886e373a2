package io.procscope.api.problem;

import io.agroal.api.AgroalDataSource;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.runtime.BlockingOperationControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Tells a database that cannot be reached from a fault of the API: the first is 503 with {@code
 * Retry-After}, which agents and scripts wait out (and browsers are told in words), the second
 * stays a 500. Readiness takes the replica out of its Service meanwhile.
 *
 * <p>Once a request has found the database unreachable, the next ones are answered at once instead
 * of through the pool: each asks for one new connection, which fails within milliseconds when the
 * server refuses it, and goes on as usual when it opens. Through the pool, every request would
 * wait about a second per connection it asks for (Agroal tries a failed connection once more after
 * up to a second), holding the agent's one sending thread; a shorter {@code acquisition-timeout}
 * would cut that wait, but also refuse requests whenever opening a connection takes longer on a
 * busy machine, Flyway's at start-up included.
 */
@ApplicationScoped
public class DatabaseOutage {

    /** Seconds a client should wait: readiness is checked about this often. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** SQLSTATE class 08 is "connection exception" in SQL:2011, for PostgreSQL and SQLite alike. */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    /** One warning a minute is enough to say the database is away; every request is noise. */
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    /**
     * While the database is unreachable, at most one new connection is tried in this time; the
     * requests in between are answered 503 at once. A connection that opens ends the outage.
     */
    static final long PROBE_GAP_NANOS = 100_000_000L;

    /** The probe gap, ms: the longest a request is refused for an outage that has just ended. */
    public static final long PROBE_GAP_MILLIS = PROBE_GAP_NANOS / 1_000_000L;

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);

    private final Template page;
    private final AgroalDataSource dataSource;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicLong lastProbe = new AtomicLong(System.nanoTime() - PROBE_GAP_NANOS);

    DatabaseOutage(@Location("errors/database-unavailable.html") Template page, AgroalDataSource dataSource) {
        this.page = page;
        this.dataSource = dataSource;
    }

    /**
     * Before any JAX-RS endpoint runs (after authentication, so a wrong key still hears 401): while
     * the database is unreachable, 503 at once unless a new connection opens now. Health, metrics
     * and static assets are not JAX-RS and are not held back, and neither is an endpoint that runs
     * on the event loop (the event stream), which must not wait for a connection.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 200)
    public Optional<Response> answerAtOnceWhileUnreachable(ContainerRequestContext request) {
        return refusalWhileUnreachable(request.getAcceptableMediaTypes());
    }

    /**
     * 503 now, when the database is known to be unreachable and a new connection does not open
     * either; empty otherwise. For filters that need the database before the endpoint runs, such as
     * the lookup of an agent's credential.
     */
    public Optional<Response> refusalWhileUnreachable(List<MediaType> acceptable) {
        if (!unreachable.get() || !BlockingOperationControl.isBlockingAllowed() || reachableAgain()) {
            return Optional.empty();
        }
        return Optional.of(response(ErrorPages.wantsPage(acceptable)));
    }

    /** Whether a new connection opens, tried by one request at a time and once per probe gap. */
    private boolean reachableAgain() {
        long now = System.nanoTime();
        if (now - lastProbe.get() < PROBE_GAP_NANOS || !probing.compareAndSet(false, true)) {
            return false;
        }
        try {
            lastProbe.set(now);
            // A new connection, not one from the pool: no second try after a wait, and a pooled
            // connection would not tell. When it opens, the pool keeps it.
            if (dataSource.isHealthy(true)) {
                unreachable.set(false);
                LOG.info("The database can be reached again");
                return true;
            }
            return false;
        } catch (SQLException | RuntimeException e) {
            return false;
        } finally {
            probing.set(false);
        }
    }

    /** Whether {@code error}, or anything that caused it, says the database cannot be reached. */
    public static boolean isCauseOf(Throwable error) {
        // Causes and suppressed exceptions both: a connection lost at commit shows as an I/O error
        // suppressed by the transaction's RollbackException.
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>();
        pending.add(error);
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            if (saysUnreachable(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(java.util.List.of(t.getSuppressed()));
        }
        return false;
    }

    private static boolean saysUnreachable(Throwable t) {
        if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && state.startsWith(CONNECTION_EXCEPTION_CLASS)) {
                return true;
            }
            // Agroal's pool, when no connection could be had in time (no SQLSTATE).
            return sql.getMessage() != null && sql.getMessage().contains("cquisition timeout");
        }
        return false;
    }

    /**
     * 503 with {@code Retry-After}: a page for a browser, problem details for everyone else; and
     * until a new connection opens, the next requests are answered without waiting on the pool.
     */
    public Response response(Exception cause, HttpHeaders headers) {
        unreachable.set(true);
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("Answering 503 while the database cannot be reached: %s", cause.toString());
        }
        return response(headers != null && ErrorPages.wantsPage(headers.getAcceptableMediaTypes()));
    }

    private Response response(boolean wantsPage) {
        String detail = "The database cannot be reached; try again in a few seconds.";
        Response.ResponseBuilder response = wantsPage
                ? Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .entity(page.data("retryAfterSeconds", RETRY_AFTER_SECONDS)
                                .render())
                : Response.fromResponse(
                        Problem.of(Response.Status.SERVICE_UNAVAILABLE, detail).toResponse());
        return response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }
}
