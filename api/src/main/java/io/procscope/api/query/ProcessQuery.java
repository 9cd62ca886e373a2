package io.procscope.api.query;

import io.procscope.api.problem.ProblemException;
import io.procscope.dto.ProcessStatus;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a caller asks of a host's processes: a text search, filters, an order and a page.
 *
 * @param text matched case-insensitively against name, command line, user and pod name, and as a
 *     prefix of the container id; null for all
 * @param status only processes in this state; null for all
 * @param user only processes of this user (exact); null for all
 * @param container only processes in a container whose id starts with this, lower-case hex digits;
 *     null for all
 * @param pod only processes of this pod: {@code namespace/name}, or a name or UID alone; lower
 *     case; null for all
 * @param sort the column to order by
 * @param descending true for largest first
 * @param offset matching processes to skip
 * @param limit most processes to return
 */
public record ProcessQuery(
        String text,
        ProcessStatus status,
        String user,
        String container,
        String pod,
        Sort sort,
        boolean descending,
        int offset,
        int limit) {

    /** Most processes one page may hold. */
    public static final int MAX_LIMIT = 5000;

    /** Busiest first, the first 100: what a person opening a host wants. */
    public static final ProcessQuery DEFAULT = new ProcessQuery(null, null, null, null, null, Sort.CPU, true, 0, 100);

    /** Longest container id: 64 hex digits, as Docker, containerd and CRI-O make them. */
    static final int CONTAINER_ID_LENGTH = 64;

    /** A prefix of a container id. */
    private static final Pattern CONTAINER = Pattern.compile("[0-9a-f]{1," + CONTAINER_ID_LENGTH + "}");

    /**
     * A pod's namespace (a DNS label, at most 63 characters) and a slash, optionally, then its name
     * (a DNS subdomain, at most 253) or its UID: what Kubernetes accepts, so no real pod is refused.
     */
    private static final Pattern POD =
            Pattern.compile("(?:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?/)?[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?");

    /** All processes, in an order, unpaged. */
    static ProcessQuery all(Sort sort, boolean descending) {
        return new ProcessQuery(null, null, null, null, null, sort, descending, 0, Integer.MAX_VALUE);
    }

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
     * @param container a prefix of a container id, any case: the 12 hex digits {@code docker ps}
     *     shows, or all 64
     * @param pod {@code namespace/name}, a pod's name, or its UID
     * @param sort a column, optionally prefixed with {@code -} for descending: {@code -cpu}
     */
    public static ProcessQuery parse(
            String text,
            String status,
            String user,
            String container,
            String pod,
            String sort,
            String offset,
            String limit) {
        return parse(
                text,
                status,
                user,
                container,
                pod,
                sort,
                offset == null || offset.isBlank() ? null : integer("offset", offset),
                limit == null || limit.isBlank() ? null : integer("limit", limit));
    }

    /** The same, with offset and limit already numbers. */
    public static ProcessQuery parse(
            String text,
            String status,
            String user,
            String container,
            String pod,
            String sort,
            Integer offset,
            Integer limit) {
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
                container(container),
                pod(pod),
                column,
                descending,
                from,
                size);
    }

    /** A container id prefix given as a query parameter, lower case; null when absent, 400 when not hex. */
    static String container(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String prefix = value.strip().toLowerCase(Locale.ROOT);
        if (!isContainerFilter(prefix)) {
            throw ProblemException.badRequest("container must be the start of a container id, 1 to "
                    + CONTAINER_ID_LENGTH + " hex digits, not '" + value + "'.");
        }
        return prefix;
    }

    /** A pod given as a query parameter, lower case; null when absent, 400 when no pod can be named so. */
    static String pod(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String pod = value.strip().toLowerCase(Locale.ROOT);
        if (!isPodFilter(pod)) {
            throw ProblemException.badRequest(
                    "pod must be namespace/name, a pod's name or its UID, as Kubernetes names them, not '" + value
                            + "'.");
        }
        return pod;
    }

    /** Whether {@code value} is a container filter {@link #parse} takes. */
    public static boolean isContainerFilter(String value) {
        return value != null
                && CONTAINER.matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    /** Whether {@code value} is a pod filter {@link #parse} takes. */
    public static boolean isPodFilter(String value) {
        return value != null && POD.matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    /** A whole number given as a query parameter; 400 for anything else. */
    static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, not '" + value + "'.");
        }
    }

    /** A number of ms since the epoch given as a query parameter; null when absent, 400 when not one. */
    static Long millis(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        long millis;
        try {
            millis = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0) {
            throw ProblemException.badRequest(name + " must be ms since the epoch, not '" + value + "'.");
        }
        return millis;
    }

    /** Whether a process matches the search and the filters. */
    Predicate<ProcessRow> filter() {
        String needle = text == null ? null : text.toLowerCase(Locale.ROOT);
        int slash = pod == null ? -1 : pod.indexOf('/');
        String podNamespace = slash < 0 ? null : pod.substring(0, slash);
        String podNameOrUid = slash < 0 ? pod : pod.substring(slash + 1);
        return p -> (status == null || status == p.status())
                && (user == null || user.equals(p.user()))
                && (container == null || startsWith(p.containerId(), container))
                && (pod == null
                        || (podNamespace == null
                                ? podNameOrUid.equalsIgnoreCase(p.podName())
                                        || podNameOrUid.equalsIgnoreCase(p.podUid())
                                : podNamespace.equalsIgnoreCase(p.podNamespace())
                                        && podNameOrUid.equalsIgnoreCase(p.podName())))
                && (needle == null
                        || contains(p.name(), needle)
                        || contains(p.commandLine(), needle)
                        || contains(p.user(), needle)
                        || contains(p.podName(), needle)
                        || startsWith(p.containerId(), needle));
    }

    static boolean startsWith(String haystack, String lowerPrefix) {
        return haystack != null && haystack.regionMatches(true, 0, lowerPrefix, 0, lowerPrefix.length());
    }

    Comparator<ProcessRow> order() {
        return sort.comparator(descending);
    }

    static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }
}
