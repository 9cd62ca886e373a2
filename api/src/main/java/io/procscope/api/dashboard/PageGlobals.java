package io.procscope.api.dashboard;

import io.procscope.api.alerts.AlertQueries;
import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;
import java.util.List;
import org.jboss.logging.Logger;

/** Values every page's layout uses. */
@TemplateGlobal
public final class PageGlobals {

    private static final Logger LOG = Logger.getLogger(PageGlobals.class);

    private PageGlobals() {}

    /**
     * How many alerts fire now, for the nav's badge: one count query per page. 0 when the database
     * cannot answer (the page that says so must still render).
     */
    static long firingAlerts() {
        try {
            return Arc.container().instance(AlertQueries.class).get().firingCount();
        } catch (RuntimeException e) {
            LOG.debugf(e, "No count of firing alerts for the nav");
            return 0;
        }
    }

    /** When the page was rendered, ms since the epoch: the live script's starting point. */
    static long renderedAtMillis() {
        return System.currentTimeMillis();
    }

    /** The hosts table's sortable columns, in order. */
    static List<Formats.Column> hostColumns() {
        return HOST_COLUMNS;
    }

    private static final List<Formats.Column> HOST_COLUMNS = List.of(
            new Formats.Column("name", "Host", ""),
            new Formats.Column("status", "Status", ""),
            new Formats.Column("platform", "Platform", ""),
            new Formats.Column("cpus", "CPUs", "text-end"),
            new Formats.Column("cpu", "CPU", "text-end"),
            new Formats.Column("memory", "Memory", "text-end"),
            new Formats.Column("processes", "Processes", "text-end"),
            new Formats.Column("last", "Last report", ""));
}
