package io.procscope.agent.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scrubber on {@value #CORPUS}: command lines as processes carry them, each with exactly what of
 * it leaves the host. A secret is gone and the rest of the line is kept byte for byte.
 */
class CommandLineScrubberCorpusTest {

    static final String CORPUS = "/scrub-corpus.txt";

    private final CommandLineScrubber scrubber = CommandLineScrubber.defaults();

    /**
     * One line of the corpus.
     *
     * @param original the command line: NUL-separated arguments when {@link #raw}, else joined
     * @param expected what is reported of it
     * @param raw whether it is a raw {@code /proc/PID/cmdline}
     */
    record Line(String original, String expected, boolean raw) {
        @Override
        public String toString() {
            return original.replace('\0', '^');
        }

        String scrub(CommandLineScrubber scrubber) {
            return scrubber.scrub(original, raw ? '\0' : ' ');
        }

        boolean secret() {
            return expected.contains(CommandLineScrubber.MASK);
        }
    }

    /** @return every line of the corpus */
    static List<Line> corpus() {
        try (InputStream in = CommandLineScrubberCorpusTest.class.getResourceAsStream(CORPUS)) {
            List<Line> lines = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                int tab = l.indexOf('\t');
                String original = tab < 0 ? l : l.substring(0, tab);
                boolean raw = original.contains("\\0");
                String args = original.replace("\\0", "\0");
                lines.add(new Line(args, tab < 0 ? args.replace('\0', ' ') : l.substring(tab + 1), raw));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Line> secrets() {
        return corpus().stream().filter(Line::secret);
    }

    static Stream<Line> noSecrets() {
        return corpus().stream().filter(l -> !l.secret());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void masksTheSecretAndKeepsTheRest(Line line) {
        String scrubbed = line.scrub(scrubber);

        assertThat(scrubbed).isEqualTo(line.expected());
        for (String secret : removed(line.original().replace('\0', ' '), line.expected())) {
            assertThat(scrubbed).as("secret %s", secret).doesNotContain(secret);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noSecrets")
    void leavesLinesWithoutSecretsByteIdentical(Line line) {
        assertThat(line.scrub(scrubber)).isEqualTo(line.expected());
    }

    @Test
    void holdsOverAHundredLinesWithAndWithoutSecrets() {
        assertThat(secrets().count()).isGreaterThanOrEqualTo(100);
        assertThat(noSecrets().count()).isGreaterThanOrEqualTo(50);
    }

    /**
     * What the masks of {@code expected} stand for in {@code original}: the text between the kept
     * pieces, each piece found after the previous one, the last one at the end.
     */
    static List<String> removed(String original, String expected) {
        String[] kept = expected.split(java.util.regex.Pattern.quote(CommandLineScrubber.MASK), -1);
        List<String> secrets = new ArrayList<>();
        assertThat(original).startsWith(kept[0]).endsWith(kept[kept.length - 1]);
        int at = kept[0].length();
        for (int i = 1; i < kept.length; i++) {
            int next = i == kept.length - 1 ? original.length() - kept[i].length() : original.indexOf(kept[i], at + 1);
            assertThat(next).as("%s in %s", kept[i], original).isGreaterThan(at);
            secrets.add(original.substring(at, next));
            at = next + kept[i].length();
        }
        return secrets;
    }
}
