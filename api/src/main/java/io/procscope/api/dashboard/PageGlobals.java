package io.procscope.api.dashboard;

import io.quarkus.qute.TemplateGlobal;
import java.util.List;

/** Values every page's layout uses. */
@TemplateGlobal
public final class PageGlobals {

    private PageGlobals() {}

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
