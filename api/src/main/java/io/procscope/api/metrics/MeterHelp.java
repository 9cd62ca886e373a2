package io.procscope.api.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.procscope.api.security.AgentAuthFilter;
import io.procscope.api.security.EnrollAuthFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The Prometheus HELP text of the meters that are registered by name alone ({@code
 * MeterRegistry#counter(String, String...)}, often from several classes and only once something happens), so
 * that every {@code procscope_*} family says what it counts however it was first registered. Meters
 * built with a description keep theirs.
 *
 * <p>Also turns the double quotes of any other meter's HELP into single ones: Micrometer's JVM
 * meters {@code process.cpu.usage}, {@code process.cpu.time} and {@code system.cpu.usage} say {@code
 * The "recent cpu usage" ...}, which reaches the exposition as {@code \"}, an escape the text format
 * does not have; Prometheus reads past it, but {@code promtool check metrics} stops there.
 */
@Singleton
public class MeterHelp {

    /** HELP by meter name, for the meters registered without one. */
    static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(
                    "procscope.ingest.reports",
                    "Reports stored, by outcome: stored, or duplicate (a retry of one stored before)"),
            Map.entry("procscope.ingest.processes", "Processes received in stored reports"),
            Map.entry("procscope.ingest.rows", "Rows written by ingest, by table"),
            Map.entry(AgentAuthFilter.REJECTED, "Reports refused, by reason (credential, size, shape, busy, ...)"),
            Map.entry("procscope.enroll.enrolled", "Hosts enrolled: credentials issued"),
            Map.entry(
                    "procscope.enroll.reissued",
                    "Credentials issued to a retried enrollment before any report, replacing the one whose"
                            + " answer the agent did not get"),
            Map.entry(EnrollAuthFilter.REJECTED, "Enrollments refused, by reason"),
            Map.entry("procscope.admin.rejected", "Admin requests refused, by reason"),
            Map.entry("procscope.read.rejected", "Read requests refused, by reason"),
            Map.entry("procscope.retention.rows.deleted", "Rows deleted by retention"),
            Map.entry("procscope.retention.partitions.dropped", "History partitions dropped whole by retention"));

    /**
     * @return the filter Quarkus applies to every registry: {@link #HELP} for a meter without a
     *     description, single quotes for double ones
     */
    @Produces
    @Singleton
    MeterFilter help() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return describe(id);
            }
        };
    }

    /**
     * @param id a meter's id
     * @return the id with its HELP from {@link #HELP} where it has none, or with single quotes for
     *     the double ones of its own; else the id itself
     */
    static Meter.Id describe(Meter.Id id) {
        String description = id.getDescription();
        String help = description == null
                ? HELP.get(id.getName())
                : description.indexOf('"') >= 0 ? description.replace('"', '\'') : null;
        if (help == null) {
            return id;
        }
        return new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(), help, id.getType());
    }
}
