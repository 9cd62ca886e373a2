package io.procscope.api.query;

import io.procscope.api.problem.ProblemException;
import io.procscope.dto.ProcessStatus;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a caller asks of a host's processes: a text search, filters, an order and a page.
 *
 * @param text matched case-insensitively against name, command line and user; null for all
 * @param status only processes in this state; null for all
 * @param user only processes of this user (exact); null for all
 * @param sort the column to order by
 * @param descending true for largest first
 * @param offset matching processes to skip
 * @param limit most processes to return
 */
public record ProcessQuery(
        String text, ProcessStatus status, String user, Sort sort, boolean descending, int offset, int limit) {

    /** Most processes one page may hold. */
    public static final int MAX_LIMIT = 5000;

    /** Busiest first, the first 100: what a person opening a host wants. */
    public static final ProcessQuery DEFAULT = new ProcessQuery(null, null, null, Sort.CPU, true, 0, 100);

    /** The columns processes can be ordered by. */
    public enum Sort {
        CPU(p -> p.cpuPercent()),
        MEMORY(p -> p.rssBytes()),
        PID(p -> p.pid()),
        NAME(p -> p.name() == null ? null : p.name().toLowerCase(Locale.ROOT)),
        USER(p -> p.user()),
        START(p -> p.startTimeMillis()),
        THREADS(p -> p.threads()),
        STATUS(p -> p.status() == null ? null : p.status().name());

        private final Function<ProcessRow, Comparable<?>> key;

        Sort(Function<ProcessRow, Comparable<?>> key) {
            this.key = key;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<ProcessRow> comparator(boolean descending) {
            Comparator<Comparable> natural = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
            Comparator<ProcessRow> byKey =
                    Comparator.comparing(p -> (Comparable) key.apply(p), Comparator.nullsLast(natural));
            return byKey.thenComparingInt(ProcessRow::pid);
        }

        /** The sort named in a request, like {@code cpu} or {@code memory}; 400 for an unknown one. */
        static Sort parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT).replace("RSS", "MEMORY"));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("Unknown sort '" + name + "': use one of "
                        + Arrays.stream(values())
                                .map(s -> s.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))
                        + ".");
            }
        }
    }

    /**
     * Reads the query parameters of a request; 400 for values that make no sense.
     *
     * @param sort a column, optionally prefixed with {@code -} for descending: {@code -cpu}
     */
    public static ProcessQuery parse(
            String text, String status, String user, String sort, String offset, String limit) {
        return parse(
                text,
                status,
                user,
                sort,
                offset == null || offset.isBlank() ? null : integer("offset", offset),
                limit == null || limit.isBlank() ? null : integer("limit", limit));
    }

    /** The same, with offset and limit already numbers. */
    public static ProcessQuery parse(
            String text, String status, String user, String sort, Integer offset, Integer limit) {
        ProcessStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = ProcessStatus.fromName(
                    status.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            if (wanted == ProcessStatus.UNKNOWN && !status.equalsIgnoreCase("unknown")) {
                throw ProblemException.badRequest("Unknown status '" + status + "': use one of "
                        + Arrays.stream(ProcessStatus.values())
                                .map(s -> s.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))
                        + ".");
            }
        }
        Sort column = DEFAULT.sort();
        boolean descending = DEFAULT.descending();
        if (sort != null && !sort.isBlank()) {
            String s = sort.strip();
            descending = s.startsWith("-");
            column = Sort.parse(descending || s.startsWith("+") ? s.substring(1) : s);
        }
        int from = offset == null ? 0 : offset;
        int size = limit == null ? DEFAULT.limit() : limit;
        if (from < 0) {
            throw ProblemException.badRequest("offset must be 0 or more, not " + from + ".");
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + size + ".");
        }
        return new ProcessQuery(
                text == null || text.isBlank() ? null : text.strip(),
                wanted,
                user == null || user.isBlank() ? null : user.strip(),
                column,
                descending,
                from,
                size);
    }

    /** A whole number given as a query parameter; 400 for anything else. */
    static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, not '" + value + "'.");
        }
    }

    /** A number of ms since the epoch given as a query parameter; null when absent, 400 when not a number. */
    static Long millis(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be ms since the epoch, not '" + value + "'.");
        }
    }

    /** Whether a process matches the search and the filters. */
    Predicate<ProcessRow> filter() {
        String needle = text == null ? null : text.toLowerCase(Locale.ROOT);
        return p -> (status == null || status == p.status())
                && (user == null || user.equals(p.user()))
                && (needle == null
                        || contains(p.name(), needle)
                        || contains(p.commandLine(), needle)
                        || contains(p.user(), needle));
    }

    Comparator<ProcessRow> order() {
        return sort.comparator(descending);
    }

    static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }
}
