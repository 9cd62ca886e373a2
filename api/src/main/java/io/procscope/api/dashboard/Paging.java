package io.procscope.api.dashboard;

import io.procscope.api.problem.ProblemException;

/** The page a paged dashboard page shows, as its URL says. */
final class Paging {

    /** The deepest offset a page link may ask for: past it, narrow the search instead. */
    static final int MAX_OFFSET = 100_000;

    private Paging() {}

    /** {@code offset} of a page's URL: 0 when absent, 400 when not a whole number from 0 to {@value #MAX_OFFSET}. */
    static int offset(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        int offset;
        try {
            offset = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("offset must be a whole number, not '" + value + "'.");
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw ProblemException.badRequest("offset must be between 0 and " + MAX_OFFSET + ", not " + offset + ".");
        }
        return offset;
    }
}
