package io.procscope.api.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes rules in their canonical JSON: what the API answers and the {@code alert_rule} table
 * stores, and what {@link RuleParser} reads back to the same rule. Fields left at their default
 * are still written, empty lists are not. Pure.
 */
final class RuleJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RuleJson() {}

    /** The whole rule, name and enabled first. */
    static ObjectNode toJson(AlertRule rule) {
        ObjectNode o = JSON.objectNode();
        o.put("name", rule.name());
        o.setAll(definition(rule));
        o.put("enabled", rule.enabled());
        return o;
    }

    /** The rule without its name and enabled flag, as the {@code definition} column holds it. */
    static ObjectNode definition(AlertRule rule) {
        ObjectNode o = JSON.objectNode();
        ObjectNode hosts = o.putObject("hosts");
        if (!rule.hosts().hostnames().isEmpty()) {
            strings(hosts.putArray("hostnames"), rule.hosts().hostnames());
        }
        if (rule.hosts().podNamespace() != null) {
            hosts.put("podNamespace", rule.hosts().podNamespace());
        }
        ObjectNode condition = o.putObject("condition");
        condition.set(rule.condition().key(), condition(rule.condition()));
        o.put("for", Units.formatDuration(rule.forDuration()));
        o.put("severity", rule.severity().label());
        ObjectNode labels = o.putObject("labels");
        rule.labels().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> labels.put(e.getKey(), e.getValue()));
        return o;
    }

    private static ObjectNode condition(Condition c) {
        ObjectNode o = JSON.objectNode();
        if (c instanceof Condition.ProcessAbsent a) {
            o.setAll(match(a.match()));
        } else if (c instanceof Condition.ProcessCount n) {
            o.set("match", match(n.match()));
            if (n.min() != null) {
                o.put("min", n.min());
            }
            if (n.max() != null) {
                o.put("max", n.max());
            }
        } else if (c instanceof Condition.Restarts r) {
            o.set("match", match(r.match()));
            o.put("moreThan", r.moreThan());
            o.put("within", Units.formatDuration(r.within()));
        } else if (c instanceof Condition.ProcessCpu cpu) {
            o.set("match", match(cpu.match()));
            o.put("abovePercent", cpu.abovePercent());
        } else if (c instanceof Condition.ProcessRss rss) {
            o.set("match", match(rss.match()));
            if (rss.aboveBytes() != null) {
                o.put("aboveBytes", rss.aboveBytes());
            } else {
                o.put("abovePercentOfHost", rss.abovePercentOfHost());
            }
        } else if (c instanceof Condition.HostStale) {
            o.put("stale", true);
        } else if (c instanceof Condition.HostGone) {
            o.put("gone", true);
        } else if (c instanceof Condition.HostMetric m) {
            o.put("metric", m.metric().key());
            o.put("above", m.above());
            if (m.mountPoint() != null) {
                o.put("mountPoint", m.mountPoint());
            }
        }
        return o;
    }

    private static ObjectNode match(ProcessMatch m) {
        ObjectNode o = JSON.objectNode();
        if (!m.name().isEmpty()) {
            strings(o.putArray("name"), m.name());
        }
        if (!m.user().isEmpty()) {
            strings(o.putArray("user"), m.user());
        }
        if (m.commandLine() != null) {
            o.put("commandLine", m.commandLine());
        }
        if (!m.excludeName().isEmpty()) {
            strings(o.putArray("excludeName"), m.excludeName());
        }
        if (!m.excludeUser().isEmpty()) {
            strings(o.putArray("excludeUser"), m.excludeUser());
        }
        if (m.excludeCommandLine() != null) {
            o.put("excludeCommandLine", m.excludeCommandLine());
        }
        return o;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
