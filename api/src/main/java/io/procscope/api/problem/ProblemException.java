package io.procscope.api.problem;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Thrown to answer a request with a {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    /** Seconds for {@code Retry-After}; 0 for no such header. */
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    public ProblemException(Response.Status status, String detail) {
        this(Problem.of(status, detail));
    }

    private ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** The problem as a response, with {@code Retry-After} where the client is told to come back. */
    public Response toResponse() {
        Response response = problem.toResponse();
        return retryAfterSeconds > 0
                ? Response.fromResponse(response)
                        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                        .build()
                : response;
    }

    /** 404 for a thing that does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(Response.Status.NOT_FOUND, detail);
    }

    /** 400 for a request that cannot be understood. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(Response.Status.BAD_REQUEST, detail);
    }

    /**
     * A refusal for now, 429 or 503, with {@code Retry-After}: the request is fine, the API is at a
     * limit.
     *
     * @param retryAfterSeconds when to try again, at least 1 s
     */
    public static ProblemException retryLater(Response.Status status, String detail, long retryAfterSeconds) {
        return new ProblemException(Problem.of(status, detail), Math.max(1, retryAfterSeconds));
    }
}
