package io.procscope.api.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.procscope.api.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The rules file ({@code procscope.alerts.rules-file}): YAML, with a list under {@code rules}, each
 * rule as the API takes it. Read whole or refused whole, every error naming its field, for
 * example {@code rules[2].condition.processCpu.abovePercent}. Pure.
 */
final class RuleFile {

    /** Most rules one file may hold. */
    static final int MAX_RULES = 1000;

    /** The file cannot be used; the message lists each error with its field. */
    static final class Invalid extends RuntimeException {
        private final transient List<FieldError> errors;

        Invalid(String source, List<FieldError> errors) {
            super("The alert rules file " + source + " is invalid:\n"
                    + errors.stream()
                            .limit(50)
                            .map(e -> "  " + e.field() + ": " + e.message())
                            .collect(Collectors.joining("\n")));
            this.errors = List.copyOf(errors);
        }

        List<FieldError> errors() {
            return errors;
        }
    }

    private static final YAMLMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20); // no billion laughs
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(4 * 1024 * 1024);
        YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    private RuleFile() {}

    /**
     * The rules of a file's text.
     *
     * @param source the file's name, for messages
     * @param yaml its text
     * @throws Invalid when anything in it is wrong
     */
    static List<AlertRule> parse(String source, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line %d, column %d)"
                            .formatted(
                                    e.getLocation().getLineNr(), e.getLocation().getColumnNr());
            String why = e.getOriginalMessage() == null ? "" : ": " + firstLine(e.getOriginalMessage());
            throw new Invalid(source, List.of(new FieldError("(file)", "is not valid YAML" + where + why)));
        }
        List<FieldError> errors = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of(); // an empty file: no rules
        }
        if (!root.isObject()) {
            throw new Invalid(source, List.of(new FieldError("(file)", "must be a mapping with a list under 'rules'")));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("rules")) {
                errors.add(new FieldError("(file)", "has a key other than 'rules': " + RuleParser.excerpt(f)));
            }
        }
        JsonNode rules = root.get("rules");
        if (rules == null || rules.isNull()) {
            if (!errors.isEmpty()) {
                throw new Invalid(source, errors);
            }
            return List.of();
        }
        if (!rules.isArray()) {
            throw new Invalid(source, List.of(new FieldError("rules", "must be a list of rules")));
        }
        if (rules.size() > MAX_RULES) {
            throw new Invalid(source, List.of(new FieldError("rules", "must hold at most " + MAX_RULES + " rules")));
        }
        List<AlertRule> parsed = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            String path = "rules[" + i + "]";
            var rule = RuleParser.parse(rules.get(i), path, false, errors);
            if (rule.isPresent()) {
                Integer first = names.putIfAbsent(rule.get().name(), i);
                if (first != null) {
                    errors.add(new FieldError(path + ".name", "is also the name of rules[" + first + "]"));
                }
                parsed.add(rule.get());
            }
        }
        if (!errors.isEmpty()) {
            throw new Invalid(source, errors);
        }
        return parsed;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
