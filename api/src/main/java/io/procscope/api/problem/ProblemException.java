package io.procscope.api.problem;

import jakarta.ws.rs.core.Response;

/** Thrown to answer a request with a {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public ProblemException(Response.Status status, String detail) {
        this(Problem.of(status, detail));
    }

    public Problem problem() {
        return problem;
    }

    /** 404 for a thing that does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(Response.Status.NOT_FOUND, detail);
    }

    /** 400 for a request that cannot be understood. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(Response.Status.BAD_REQUEST, detail);
    }
}
