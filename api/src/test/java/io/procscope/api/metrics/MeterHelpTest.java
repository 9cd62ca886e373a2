package io.procscope.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every procscope meter that the sources register by name alone gets its HELP from {@link
 * MeterHelp}, including those a test's traffic does not reach (retention's counters); and the HELP
 * texts are ones the Prometheus text format carries unchanged.
 */
class MeterHelpTest {

    /** {@code registry.counter(NAME, ...)}, {@code .timer(}, {@code .gauge(}, {@code .summary(}. */
    private static final Pattern BY_NAME =
            Pattern.compile("registry\\.(?:counter|timer|gauge|summary)\\(\\s*([A-Za-z_.\"]+)");

    /** {@code static final String NAME = "procscope.x";} or {@code = OtherClass.NAME;}. */
    private static final Pattern CONSTANT = Pattern.compile("static final String ([A-Z_]+) = ([A-Za-z_.\"]+);");

    @Test
    void everyMeterRegisteredByNameAloneHasItsHelp() throws IOException {
        Map<String, String> constants = new HashMap<>();
        Map<Path, String> sources = new HashMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                sources.put(file, text);
                String type = file.getFileName().toString().replace(".java", "");
                Matcher m = CONSTANT.matcher(text);
                while (m.find()) {
                    constants.put(type + "." + m.group(1), m.group(2));
                }
            }
        }
        Set<String> byName = new TreeSet<>();
        sources.forEach((file, text) -> {
            String type = file.getFileName().toString().replace(".java", "");
            Matcher m = BY_NAME.matcher(text);
            while (m.find()) {
                byName.add(resolve(m.group(1), type, constants));
            }
        });

        System.out.println("meters registered by name alone: " + byName);
        assertThat(byName)
                .contains("procscope.retention.rows.deleted", "procscope.ingest.rejected", "procscope.read.rejected")
                .allSatisfy(name -> assertThat(name).startsWith("procscope."));
        assertThat(MeterHelp.HELP.keySet()).containsAll(byName);
    }

    @Test
    void helpTextsNeedNoEscapingInTheTextFormat() {
        assertThat(MeterHelp.HELP)
                .allSatisfy((name, help) -> assertThat(help)
                        .as(name)
                        .isNotBlank()
                        .doesNotContain("\"", "\\", "\n")
                        .doesNotContainIgnoringCase("percent"));
    }

    @Test
    void fillsAMissingDescriptionKeepsAGivenOneAndUnquotesTheJvmMetersThatPromtoolRejects() {
        Meter.Id bare = new Meter.Id("procscope.read.rejected", Tags.of("reason", "x"), null, null, Meter.Type.COUNTER);
        Meter.Id described = new Meter.Id("procscope.read.rejected", Tags.empty(), null, "own", Meter.Type.COUNTER);
        Meter.Id jvm = new Meter.Id(
                "process.cpu.usage",
                Tags.empty(),
                null,
                "The \"recent cpu usage\" for the Java Virtual Machine process",
                Meter.Type.GAUGE);
        Meter.Id other = new Meter.Id("jvm.threads.live", Tags.empty(), null, null, Meter.Type.GAUGE);

        assertThat(MeterHelp.describe(bare).getDescription()).isEqualTo(MeterHelp.HELP.get("procscope.read.rejected"));
        assertThat(MeterHelp.describe(bare).getTags()).isEqualTo(bare.getTags());
        assertThat(MeterHelp.describe(described).getDescription()).isEqualTo("own");
        assertThat(MeterHelp.describe(jvm).getDescription())
                .isEqualTo("The 'recent cpu usage' for the Java Virtual Machine process");
        assertThat(MeterHelp.describe(other)).isSameAs(other);
    }

    private static String resolve(String expression, String type, Map<String, String> constants) {
        String e = expression;
        for (int i = 0; i < 5 && !e.startsWith("\""); i++) {
            String key = e.contains(".") ? e : type + "." + e;
            String next = constants.get(key);
            if (next == null) {
                throw new AssertionError("cannot resolve meter name " + expression + " in " + type);
            }
            if (!next.startsWith("\"") && !next.contains(".")) {
                type = key.substring(0, key.indexOf('.'));
            } else if (!next.startsWith("\"")) {
                type = next.substring(0, next.indexOf('.'));
            }
            e = next;
        }
        return e.substring(1, e.length() - 1);
    }
}
