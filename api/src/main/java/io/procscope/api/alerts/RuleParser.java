package io.procscope.api.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.procscope.api.problem.Problem.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads rules from JSON or YAML (as a Jackson tree: one reader for both), checking every field: a
 * rule is taken whole or not at all, and each thing wrong with it is a {@link FieldError} whose
 * path names the field, for example {@code rules[2].condition.processCpu.abovePercent}. Unknown
 * fields are refused, so that a typo does not pass for a rule that never fires. Pure.
 */
final class RuleParser {

    /** What a rule's name must look like. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /** What a label's name must look like: Prometheus' label names. */
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,63}");

    /** Labels every notification carries already: a rule may not set them. */
    static final Set<String> RESERVED_LABELS =
            Set.of("alertname", "rule", "host", "hostname", "severity", "process", "pid", "subject");

    static final int MAX_GLOBS = 32;
    static final int MAX_GLOB_LENGTH = 256;
    static final int MAX_REGEX_LENGTH = 512;
    static final int MAX_LABELS = 32;
    static final int MAX_LABEL_VALUE_LENGTH = 256;
    static final int MAX_MOUNT_POINT_LENGTH = 4096;
    static final int MAX_NAMESPACE_LENGTH = 253;
    static final Duration MAX_FOR = Duration.ofDays(7);
    static final Duration MAX_WITHIN = Duration.ofHours(24);
    /** The highest process CPU threshold: 100 % of each of 1024 logical processors. */
    static final double MAX_PROCESS_CPU = 102_400;

    /** Fields the API answers with, which a rule sent back as it was read may carry: ignored. */
    static final Set<String> READ_ONLY = Set.of("source", "createdMillis", "updatedMillis");

    private static final List<String> RULE_FIELDS =
            List.of("name", "hosts", "condition", "for", "severity", "labels", "enabled");
    private static final List<String> CONDITIONS =
            List.of("processAbsent", "processCount", "restarts", "processCpu", "processRss", "host");
    private static final List<String> MATCH_FIELDS =
            List.of("name", "user", "commandLine", "excludeName", "excludeUser", "excludeCommandLine");

    private final List<FieldError> errors;

    private RuleParser(List<FieldError> errors) {
        this.errors = errors;
    }

    /**
     * Reads one rule.
     *
     * @param node the rule, as a JSON or YAML tree
     * @param path where it is, for error paths: empty for a request body, {@code rules[2]} in a file
     * @param readOnlyAllowed true to ignore the fields the API answers with ({@link #READ_ONLY})
     * @param errors where what is wrong goes
     * @return the rule; empty when anything is wrong with it
     */
    static Optional<AlertRule> parse(JsonNode node, String path, boolean readOnlyAllowed, List<FieldError> errors) {
        int before = errors.size();
        AlertRule rule = new RuleParser(errors).rule(node, path, readOnlyAllowed);
        return errors.size() == before ? Optional.ofNullable(rule) : Optional.empty();
    }

    /**
     * Reads a rule whose name and enabled flag are kept apart, as the {@code alert_rule} table
     * holds it.
     */
    static Optional<AlertRule> parseStored(String name, boolean enabled, JsonNode definition, List<FieldError> errors) {
        if (!definition.isObject()) {
            errors.add(new FieldError("definition", "must be an object"));
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.node.ObjectNode whole =
                ((com.fasterxml.jackson.databind.node.ObjectNode) definition).deepCopy();
        whole.put("name", name);
        whole.put("enabled", enabled);
        return parse(whole, "", false, errors);
    }

    private AlertRule rule(JsonNode node, String path, boolean readOnlyAllowed) {
        if (!object(node, path, RULE_FIELDS, readOnlyAllowed ? READ_ONLY : Set.of())) {
            return null;
        }
        String name = name(node.get("name"), at(path, "name"));
        HostSelector hosts = hosts(node.get("hosts"), at(path, "hosts"));
        Condition condition = condition(node.get("condition"), at(path, "condition"));
        Duration forDuration = duration(node.get("for"), at(path, "for"), Duration.ZERO, MAX_FOR, true);
        AlertRule.Severity severity = severity(node.get("severity"), at(path, "severity"));
        Map<String, String> labels = labels(node.get("labels"), at(path, "labels"));
        Boolean enabled = bool(node.get("enabled"), at(path, "enabled"), true);
        if (name == null
                || hosts == null
                || condition == null
                || forDuration == null
                || severity == null
                || labels == null
                || enabled == null) {
            return null;
        }
        return new AlertRule(name, hosts, condition, forDuration, severity, labels, enabled);
    }

    private String name(JsonNode node, String path) {
        if (absent(node)) {
            return error(path, "is required");
        }
        String name = text(node, path, 100);
        if (name != null && !NAME.matcher(name).matches()) {
            return error(path, "must be 1 to 100 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
        }
        return name;
    }

    private HostSelector hosts(JsonNode node, String path) {
        if (absent(node)) {
            return HostSelector.ALL;
        }
        if (!object(node, path, List.of("hostnames", "podNamespace"), Set.of())) {
            return null;
        }
        List<String> hostnames = globs(node.get("hostnames"), at(path, "hostnames"));
        String namespace = null;
        JsonNode ns = node.get("podNamespace");
        if (!absent(ns)) {
            namespace = text(ns, at(path, "podNamespace"), MAX_NAMESPACE_LENGTH);
            if (namespace != null && namespace.isBlank()) {
                namespace = error(at(path, "podNamespace"), "must not be blank");
            }
            if (namespace == null) {
                return null;
            }
        }
        return hostnames == null ? null : new HostSelector(hostnames, namespace);
    }

    private Condition condition(JsonNode node, String path) {
        if (absent(node)) {
            return error(path, "is required: one of " + String.join(", ", CONDITIONS));
        }
        if (!object(node, path, CONDITIONS, Set.of())) {
            return null;
        }
        if (node.size() != 1) {
            return error(path, "must have exactly one of " + String.join(", ", CONDITIONS) + ", not " + node.size());
        }
        String key = node.fieldNames().next();
        JsonNode body = node.get(key);
        String where = at(path, key);
        return switch (key) {
            case "processAbsent" -> {
                ProcessMatch match = match(body, where);
                if (match != null && match.includesAll()) {
                    yield error(where, "must set name, user or commandLine: which process should run?");
                }
                yield match == null ? null : new Condition.ProcessAbsent(match);
            }
            case "processCount" -> processCount(body, where);
            case "restarts" -> restarts(body, where);
            case "processCpu" -> processCpu(body, where);
            case "processRss" -> processRss(body, where);
            default -> host(body, where);
        };
    }

    private Condition processCount(JsonNode node, String path) {
        if (!object(node, path, List.of("match", "min", "max"), Set.of())) {
            return null;
        }
        ProcessMatch match = requiredMatch(node, path);
        Integer min = integer(node.get("min"), at(path, "min"), 0, 1_000_000);
        Integer max = integer(node.get("max"), at(path, "max"), 0, 1_000_000);
        if (absent(node.get("min")) && absent(node.get("max"))) {
            return error(path, "must set min, max or both");
        }
        if (min != null && max != null && min > max) {
            return error(at(path, "max"), "must not be below min");
        }
        boolean ok =
                match != null && (absent(node.get("min")) || min != null) && (absent(node.get("max")) || max != null);
        return ok ? new Condition.ProcessCount(match, min, max) : null;
    }

    private Condition restarts(JsonNode node, String path) {
        if (!object(node, path, List.of("match", "moreThan", "within"), Set.of())) {
            return null;
        }
        ProcessMatch match = requiredMatch(node, path);
        Integer moreThan = absent(node.get("moreThan"))
                ? error(at(path, "moreThan"), "is required")
                : integer(node.get("moreThan"), at(path, "moreThan"), 0, 100_000);
        Duration within = absent(node.get("within"))
                ? error(at(path, "within"), "is required")
                : duration(node.get("within"), at(path, "within"), Duration.ofSeconds(1), MAX_WITHIN, false);
        return match != null && moreThan != null && within != null
                ? new Condition.Restarts(match, moreThan, within)
                : null;
    }

    private Condition processCpu(JsonNode node, String path) {
        if (!object(node, path, List.of("match", "abovePercent"), Set.of())) {
            return null;
        }
        ProcessMatch match = requiredMatch(node, path);
        String where = at(path, "abovePercent");
        Double above = absent(node.get("abovePercent"))
                ? error(where, "is required")
                : number(node.get("abovePercent"), where);
        if (above != null && (above <= 0 || above > MAX_PROCESS_CPU)) {
            above = error(where, "must be above 0 and at most 100 x the host's logical processors (at most 102400)");
        }
        return match != null && above != null ? new Condition.ProcessCpu(match, above) : null;
    }

    private Condition processRss(JsonNode node, String path) {
        if (!object(node, path, List.of("match", "aboveBytes", "abovePercentOfHost"), Set.of())) {
            return null;
        }
        ProcessMatch match = requiredMatch(node, path);
        boolean hasBytes = !absent(node.get("aboveBytes"));
        boolean hasPercent = !absent(node.get("abovePercentOfHost"));
        if (hasBytes == hasPercent) {
            return error(path, "must set exactly one of aboveBytes and abovePercentOfHost");
        }
        if (hasBytes) {
            Long bytes = bytes(node.get("aboveBytes"), at(path, "aboveBytes"));
            return match != null && bytes != null ? new Condition.ProcessRss(match, bytes, null) : null;
        }
        String where = at(path, "abovePercentOfHost");
        Double percent = number(node.get("abovePercentOfHost"), where);
        if (percent != null && (percent <= 0 || percent > 100)) {
            percent = error(where, "must be above 0 and at most 100");
        }
        return match != null && percent != null ? new Condition.ProcessRss(match, null, percent) : null;
    }

    private Condition host(JsonNode node, String path) {
        if (!object(node, path, List.of("stale", "gone", "metric", "above", "mountPoint"), Set.of())) {
            return null;
        }
        boolean stale = !absent(node.get("stale"));
        boolean gone = !absent(node.get("gone"));
        boolean metric = !absent(node.get("metric"));
        if ((stale ? 1 : 0) + (gone ? 1 : 0) + (metric ? 1 : 0) != 1) {
            return error(path, "must have exactly one of stale: true, gone: true and metric");
        }
        if (stale || gone) {
            String key = stale ? "stale" : "gone";
            for (String other : List.of("above", "mountPoint")) {
                if (!absent(node.get(other))) {
                    return error(at(path, other), "does not go with " + key);
                }
            }
            Boolean on = bool(node.get(key), at(path, key), false);
            if (on != null && !on) {
                return error(at(path, key), "must be true (leave the rule out, or disable it, instead)");
            }
            return on == null ? null : stale ? new Condition.HostStale() : new Condition.HostGone();
        }
        String metricPath = at(path, "metric");
        String key = text(node.get("metric"), metricPath, 20);
        if (key == null) {
            return null;
        }
        Condition.Metric m = Condition.Metric.of(key);
        if (m == null) {
            return error(metricPath, "must be one of cpu, memory, swap, loadPerCpu, fileSystem");
        }
        String abovePath = at(path, "above");
        Double above =
                absent(node.get("above")) ? error(abovePath, "is required") : number(node.get("above"), abovePath);
        if (above != null && (above < 0 || above > m.max())) {
            above = error(abovePath, "must be between 0 and " + Units.formatNumber(m.max()) + " for " + m.key());
        }
        String mountPoint = null;
        String mountPath = at(path, "mountPoint");
        if (m == Condition.Metric.FILE_SYSTEM) {
            if (absent(node.get("mountPoint"))) {
                return error(mountPath, "is required for metric fileSystem, for example \"/\"");
            }
            mountPoint = text(node.get("mountPoint"), mountPath, MAX_MOUNT_POINT_LENGTH);
            if (mountPoint != null && !mountPoint.startsWith("/")) {
                mountPoint = error(mountPath, "must be an absolute path, starting with /");
            }
            if (mountPoint == null) {
                return null;
            }
        } else if (!absent(node.get("mountPoint"))) {
            return error(mountPath, "goes only with metric fileSystem");
        }
        return above == null ? null : new Condition.HostMetric(m, above, mountPoint);
    }

    private ProcessMatch requiredMatch(JsonNode node, String path) {
        JsonNode match = node.get("match");
        if (absent(match)) {
            return error(at(path, "match"), "is required (an empty {} matches every process)");
        }
        return match(match, at(path, "match"));
    }

    private ProcessMatch match(JsonNode node, String path) {
        if (!object(node, path, MATCH_FIELDS, Set.of())) {
            return null;
        }
        List<String> name = globs(node.get("name"), at(path, "name"));
        List<String> user = globs(node.get("user"), at(path, "user"));
        List<String> excludeName = globs(node.get("excludeName"), at(path, "excludeName"));
        List<String> excludeUser = globs(node.get("excludeUser"), at(path, "excludeUser"));
        Optional<String> commandLine = regex(node.get("commandLine"), at(path, "commandLine"));
        Optional<String> excludeCommandLine = regex(node.get("excludeCommandLine"), at(path, "excludeCommandLine"));
        if (name == null
                || user == null
                || excludeName == null
                || excludeUser == null
                || commandLine == null
                || excludeCommandLine == null) {
            return null;
        }
        return new ProcessMatch(
                name, user, commandLine.orElse(null), excludeName, excludeUser, excludeCommandLine.orElse(null));
    }

    /** Globs: a string or a list of strings; absent or null for none. */
    private List<String> globs(JsonNode node, String path) {
        if (absent(node)) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isTextual()) {
            items.add(node);
        } else if (node.isArray()) {
            if (node.size() > MAX_GLOBS) {
                return error(path, "must have at most " + MAX_GLOBS + " patterns, not " + node.size());
            }
            node.forEach(items::add);
        } else {
            return error(path, "must be a pattern or a list of patterns");
        }
        List<String> globs = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String where = node.isArray() ? path + "[" + i + "]" : path;
            String g = text(items.get(i), where, MAX_GLOB_LENGTH);
            if (g != null && g.isBlank()) {
                g = error(where, "must not be blank");
            }
            if (g == null) {
                ok = false;
            } else {
                globs.add(g.strip());
            }
        }
        return ok ? globs : null;
    }

    /** A regular expression; an empty optional for none, null when invalid. */
    private Optional<String> regex(JsonNode node, String path) {
        if (absent(node)) {
            return Optional.empty();
        }
        String regex = text(node, path, MAX_REGEX_LENGTH);
        if (regex == null) {
            return null;
        }
        if (regex.isEmpty()) {
            error(path, "must not be empty (leave it out to match any command line)");
            return null;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            error(path, "is not a valid regular expression: " + e.getDescription());
            return null;
        }
        Optional<String> danger = Regexes.danger(regex);
        if (danger.isPresent()) {
            error(path, danger.get());
            return null;
        }
        return Optional.of(regex);
    }

    private Duration duration(JsonNode node, String path, Duration min, Duration max, boolean optional) {
        if (absent(node)) {
            return optional ? Duration.ZERO : error(path, "is required");
        }
        Optional<Duration> d = node.isIntegralNumber() && node.asLong() == 0
                ? Optional.of(Duration.ZERO)
                : node.isTextual() ? Units.parseDuration(node.asText()) : Optional.empty();
        if (d.isEmpty()) {
            return error(path, "must be a duration such as 30s, 2m or 1h30m");
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            return error(path, "must be between " + Units.formatDuration(min) + " and " + Units.formatDuration(max));
        }
        return d.get();
    }

    private Long bytes(JsonNode node, String path) {
        OptionalLong bytes = node.isIntegralNumber() && node.canConvertToLong()
                ? OptionalLong.of(node.asLong())
                : node.isTextual() && node.asText().length() <= 40
                        ? Units.parseBytes(node.asText())
                        : OptionalLong.empty();
        if (bytes.isEmpty()) {
            return error(path, "must be a size such as 2GiB, 512MiB or a number of bytes");
        }
        if (bytes.getAsLong() < 1) {
            return error(path, "must be at least 1 byte");
        }
        return bytes.getAsLong();
    }

    private AlertRule.Severity severity(JsonNode node, String path) {
        if (absent(node)) {
            return AlertRule.Severity.WARNING;
        }
        String s = text(node, path, 20);
        if (s == null) {
            return null;
        }
        for (AlertRule.Severity severity : AlertRule.Severity.values()) {
            if (severity.label().equals(s)) {
                return severity;
            }
        }
        return error(path, "must be critical, warning or info");
    }

    private Map<String, String> labels(JsonNode node, String path) {
        if (absent(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            return error(path, "must be an object of label names and values");
        }
        if (node.size() > MAX_LABELS) {
            return error(path, "must have at most " + MAX_LABELS + " labels, not " + node.size());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            String key = label.getKey();
            String where = LABEL_NAME.matcher(key).matches() ? path + "." + key : path;
            if (!LABEL_NAME.matcher(key).matches()) {
                error(where, "has a label name that is not [a-zA-Z_][a-zA-Z0-9_]{0,63}: " + excerpt(key));
                ok = false;
                continue;
            }
            if (RESERVED_LABELS.contains(key)) {
                error(
                        where,
                        "is a label every notification sets itself: "
                                + String.join(
                                        ", ", RESERVED_LABELS.stream().sorted().toList()));
                ok = false;
                continue;
            }
            String value = text(label.getValue(), where, MAX_LABEL_VALUE_LENGTH);
            if (value == null) {
                ok = false;
            } else {
                labels.put(key, value);
            }
        }
        return ok ? labels : null;
    }

    private Boolean bool(JsonNode node, String path, boolean byDefault) {
        if (absent(node)) {
            return byDefault;
        }
        if (!node.isBoolean()) {
            return error(path, "must be true or false");
        }
        return node.asBoolean();
    }

    private Integer integer(JsonNode node, String path, int min, int max) {
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            return error(path, "must be a whole number from " + min + " to " + max);
        }
        return node.asInt();
    }

    private Double number(JsonNode node, String path) {
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            return error(path, "must be a number");
        }
        return node.asDouble();
    }

    /** A string of at most {@code max} characters, without control characters. */
    private String text(JsonNode node, String path, int max) {
        if (node == null || !node.isTextual()) {
            return error(path, "must be a string");
        }
        String s = node.asText();
        if (s.length() > max) {
            return error(path, "must be at most " + max + " characters, not " + s.length());
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return error(path, "must not contain control characters (such as NUL or a line break)");
            }
        }
        return s;
    }

    /** Whether {@code node} is an object whose fields are all among {@code fields} or {@code ignored}. */
    private boolean object(JsonNode node, String path, List<String> fields, Set<String> ignored) {
        if (node == null || !node.isObject()) {
            error(path.isEmpty() ? "(root)" : path, "must be an object");
            return false;
        }
        boolean ok = true;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f) && !ignored.contains(f)) {
                error(
                        f.length() <= 64 && LABEL_NAME.matcher(f).matches()
                                ? at(path, f)
                                : path.isEmpty() ? "(root)" : path,
                        "is not a field of this object: " + excerpt(f) + " (known: " + String.join(", ", fields) + ")");
                ok = false;
            }
        }
        return ok;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private <T> T error(String path, String message) {
        errors.add(new FieldError(path.isEmpty() ? "(root)" : path, message));
        return null;
    }

    private static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Enough of a rejected text to recognise it, never a whole hostile string, control characters shown as '?'. */
    static String excerpt(String s) {
        String cut = s.length() <= 40 ? s : s.substring(0, 40) + "…";
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return "'" + out + "'";
    }
}
