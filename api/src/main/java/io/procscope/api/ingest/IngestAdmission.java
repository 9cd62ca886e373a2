package io.procscope.api.ingest;

import io.procscope.api.problem.ProblemException;
import io.procscope.api.security.AgentAuthenticated;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits a report to be read only while an {@link IngestPermits} permit is free, and answers 429
 * with {@code Retry-After} otherwise, before the body is read (so a refusal costs no memory),
 * counted as {@code procscope.ingest.rejected{reason="busy"}}. Runs after {@code AgentAuthFilter}:
 * only agents with a valid key hear that the API is busy.
 *
 * <p>The permit goes back when Vert.x disposes of the exchange: after the answer is sent, after an
 * error, and when the client goes away mid-body. A response filter would miss the last.
 */
@Provider
@AgentAuthenticated
@jakarta.annotation.Priority(Priorities.AUTHENTICATION + 100)
public class IngestAdmission implements ContainerRequestFilter {

    private final IngestPermits permits;
    private final IngestMetrics metrics;
    private final CurrentVertxRequest exchange;

    IngestAdmission(IngestPermits permits, IngestMetrics metrics, CurrentVertxRequest exchange) {
        this.permits = permits;
        this.metrics = metrics;
        this.exchange = exchange;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!permits.tryAcquire()) {
            metrics.rejected("busy");
            request.abortWith(ProblemException.retryLater(
                            Response.Status.TOO_MANY_REQUESTS,
                            "The API is storing as many reports as it takes at once ("
                                    + permits.limit() + ", procscope.ingest.max-concurrent); try again in "
                                    + IngestPermits.RETRY_AFTER_SECONDS + " s.",
                            IngestPermits.RETRY_AFTER_SECONDS)
                    .toResponse());
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
        try {
            exchange.getCurrent().addEndHandler(ended -> release.run());
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }
}
