package io.procscope.api.dashboard;

import io.procscope.api.query.ProcessQuery;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The processes page's state as it stands in its URL: host, search, filters, order and page. Every
 * link on the page (a sort header, a page number) is this state with one thing changed, so a view
 * can be bookmarked and shared.
 *
 * @param host the host shown
 * @param q search text; empty for none
 * @param status state filter, lower case; empty for all
 * @param user user filter; empty for all
 * @param container container filter, the start of an id; empty for all
 * @param pod pod filter, {@code namespace/name}, a name or a UID; empty for all
 * @param sort the order, as {@code -cpu}
 * @param offset processes skipped
 * @param limit processes per page
 */
@TemplateData
public record ProcessFilters(
        String host,
        String q,
        String status,
        String user,
        String container,
        String pod,
        String sort,
        int offset,
        int limit) {

    static final String DEFAULT_SORT = "-cpu";
    static final int DEFAULT_LIMIT = 100;

    static ProcessFilters of(
            String host,
            String q,
            String status,
            String user,
            String container,
            String pod,
            String sort,
            Integer offset,
            Integer limit) {
        return new ProcessFilters(
                host,
                blankToEmpty(q),
                blankToEmpty(status).toLowerCase(Locale.ROOT),
                blankToEmpty(user),
                blankToEmpty(container),
                blankToEmpty(pod),
                sort == null || sort.isBlank() ? DEFAULT_SORT : sort.strip(),
                offset == null ? 0 : offset,
                limit == null ? DEFAULT_LIMIT : limit);
    }

    ProcessQuery toQuery() {
        return ProcessQuery.parse(q, status, user, container, pod, sort, offset, limit);
    }

    /** The same view at another page. */
    ProcessFilters atOffset(int newOffset) {
        return new ProcessFilters(host, q, status, user, container, pod, sort, newOffset, limit);
    }

    /** The link of the page before this one; null on the first. */
    public String previousLink() {
        return offset == 0 ? null : pageLink(offset - limit);
    }

    /** The link of the page after this one; null on the last. */
    public String nextLink(int total) {
        return offset + limit >= total ? null : pageLink(offset + limit);
    }

    /** The column sorted by, without direction: {@code cpu}. */
    public String sortColumn() {
        return sort.startsWith("-") || sort.startsWith("+") ? sort.substring(1) : sort;
    }

    public boolean descending() {
        return sort.startsWith("-");
    }

    /** {@code aria-sort} of a column header: ascending, descending or none. */
    public String ariaSort(String column) {
        return !column.equals(sortColumn()) ? "none" : descending() ? "descending" : "ascending";
    }

    /**
     * The link of a column header: sorts by it, numbers largest first and text A to Z, and flips
     * the direction when it is already the order.
     */
    public String sortLink(String column) {
        boolean numeric = List.of("cpu", "memory", "threads", "start").contains(column);
        String next =
                column.equals(sortColumn()) ? (descending() ? column : "-" + column) : (numeric ? "-" : "") + column;
        return link(host, q, status, user, container, pod, next, 0, limit);
    }

    /** The link of the page starting at {@code newOffset}. */
    public String pageLink(int newOffset) {
        return link(host, q, status, user, container, pod, sort, Math.max(0, newOffset), limit);
    }

    /** This view without its filters. */
    public String clearLink() {
        return link(host, "", "", "", "", "", sort, 0, limit);
    }

    /** True when a search or filter narrows the list. */
    public boolean filtered() {
        return !q.isEmpty() || !status.isEmpty() || !user.isEmpty() || !container.isEmpty() || !pod.isEmpty();
    }

    /** The number, from 1, of the first process on this page. */
    public int firstShown() {
        return offset + 1;
    }

    /** The number of the last process on this page, which holds {@code shown}. */
    public int lastShown(int shown) {
        return offset + shown;
    }

    /** Page links around the current one: first, last, and two either side. */
    public List<PageLink> pages(int total) {
        List<PageLink> pages = new ArrayList<>();
        int count = Math.max(1, (total + limit - 1) / limit);
        int current = offset / limit;
        int last = -1;
        for (int i = 0; i < count; i++) {
            if (i == 0 || i == count - 1 || Math.abs(i - current) <= 2) {
                if (last >= 0 && i > last + 1) {
                    pages.add(new PageLink(null, "…", false));
                }
                pages.add(new PageLink(pageLink(i * limit), Integer.toString(i + 1), i == current));
                last = i;
            }
        }
        return pages;
    }

    /** A link of the pager; {@code href} null for a gap. */
    @TemplateData
    public record PageLink(String href, String label, boolean current) {}

    /** The processes of {@code host} in one pod or container, in the default order. */
    static String link(String host, String container, String pod) {
        return link(host, "", "", "", container, pod, DEFAULT_SORT, 0, DEFAULT_LIMIT);
    }

    static String link(
            String host,
            String q,
            String status,
            String user,
            String container,
            String pod,
            String sort,
            int offset,
            int limit) {
        StringBuilder url = new StringBuilder("/processes?host=").append(Formats.url(host));
        if (!q.isEmpty()) {
            url.append("&q=").append(Formats.url(q));
        }
        if (!status.isEmpty()) {
            url.append("&status=").append(Formats.url(status));
        }
        if (!user.isEmpty()) {
            url.append("&user=").append(Formats.url(user));
        }
        if (!container.isEmpty()) {
            url.append("&container=").append(Formats.url(container));
        }
        if (!pod.isEmpty()) {
            url.append("&pod=").append(Formats.url(pod));
        }
        if (!DEFAULT_SORT.equals(sort)) {
            url.append("&sort=").append(Formats.url(sort));
        }
        if (offset > 0) {
            url.append("&offset=").append(offset);
        }
        if (limit != DEFAULT_LIMIT) {
            url.append("&limit=").append(limit);
        }
        return url.toString();
    }

    private static String blankToEmpty(String s) {
        return s == null || s.isBlank() ? "" : s.strip();
    }
}
