package io.procscope.api.problem;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;

/**
 * Tells a database that cannot be reached from a fault of the API: the first is 503 with {@code
 * Retry-After}, which agents and scripts wait out (and browsers are told in words), the second
 * stays a 500. Readiness takes the replica out of its Service meanwhile.
 */
@ApplicationScoped
public class DatabaseOutage {

    /** Seconds a client should wait: readiness is checked about this often. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** SQLSTATE class 08 is "connection exception" in SQL:2011, for PostgreSQL and SQLite alike. */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    /** One warning a minute is enough to say the database is away; every request is noise. */
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);

    private final Template page;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    DatabaseOutage(@Location("errors/database-unavailable.html") Template page) {
        this.page = page;
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

    /** 503 with {@code Retry-After}: a page for a browser, problem details for everyone else. */
    public Response response(Exception cause, HttpHeaders headers) {
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("Answering 503 while the database cannot be reached: %s", cause.toString());
        }
        String detail = "The database cannot be reached; try again in a few seconds.";
        Response.ResponseBuilder response = headers != null && ErrorPages.wantsPage(headers.getAcceptableMediaTypes())
                ? Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .entity(page.data("retryAfterSeconds", RETRY_AFTER_SECONDS)
                                .render())
                : Response.fromResponse(
                        Problem.of(Response.Status.SERVICE_UNAVAILABLE, detail).toResponse());
        return response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }
}
