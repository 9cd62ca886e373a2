package io.procscope.api.dashboard;

import io.procscope.api.query.TimeRange;
import io.quarkus.qute.TemplateData;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The time range a page shows, as it stands in the page's URL ({@code from=-6h}, or ISO-8601 /
 * epoch ms for {@code from} and {@code to}), parsed the way the JSON endpoints parse it.
 *
 * @param from the {@code from} parameter as given, {@code -1h} by default
 * @param to the {@code to} parameter as given; empty for now
 * @param range the range it stands for
 */
@TemplateData
public record TimeWindow(String from, String to, TimeRange range) {

    /** The windows offered as one-click choices. */
    static final List<String> PRESETS = List.of("-15m", "-1h", "-6h", "-24h", "-7d");

    static final String DEFAULT_FROM = "-1h";

    /** Reads a page's {@code from} and {@code to}; 400 for times that cannot be read. */
    static TimeWindow parse(String from, String to, Clock clock) {
        String f = from == null || from.isBlank() ? DEFAULT_FROM : from.strip();
        String t = to == null ? "" : to.strip();
        return new TimeWindow(f, t, TimeRange.parse(f, t, Duration.ofHours(1), clock));
    }

    /** One of the one-click windows. */
    @TemplateData
    public record Preset(String from, String label, boolean active) {}

    public List<Preset> presets() {
        return PRESETS.stream()
                .map(p -> new Preset(p, "last " + p.substring(1), p.equals(from) && to.isEmpty()))
                .toList();
    }

    /** True when the window is not one of the presets. */
    public boolean custom() {
        return presets().stream().noneMatch(Preset::active);
    }

    /** The window as query parameters, {@code from=-1h} or {@code from=..&to=..}, URL-encoded. */
    public String query() {
        return "from=" + Formats.url(from) + (to.isEmpty() ? "" : "&to=" + Formats.url(to));
    }
}
