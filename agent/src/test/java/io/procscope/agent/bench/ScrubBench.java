package io.procscope.agent.bench;

import io.procscope.agent.filter.CommandLineScrubber;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@link CommandLineScrubber#scrub} on the command lines of {@code scrub-corpus.txt}. Not a
 * test: run it by hand with the agent's JVM flags, after {@code ./mvnw -pl dto,agent test-compile}:
 *
 * <pre>
 * java @agent/src/main/dist/jvm.options -cp "agent/target/test-classes:agent/target/classes" \
 *   io.procscope.agent.bench.ScrubBench [rounds]
 * </pre>
 *
 * Warms up for as many rounds as it then times (default 2000), each round scrubbing every line of
 * the corpus once (raw lines with their NULs, the others joined), and prints one line of {@code
 * key=value}: the median and the best round's nanoseconds per command line, and the corpus size.
 */
public final class ScrubBench {

    private ScrubBench() {}

    /**
     * @param args optional number of timed rounds
     * @throws IOException when the corpus cannot be read
     */
    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<String> lines = new ArrayList<>();
        List<Character> separators = new ArrayList<>();
        try (InputStream in = ScrubBench.class.getResourceAsStream("/scrub-corpus.txt")) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                int tab = l.indexOf('\t');
                String original = tab < 0 ? l : l.substring(0, tab);
                separators.add(original.contains("\\0") ? '\0' : ' ');
                lines.add(original.replace("\\0", "\0"));
            }
        }
        CommandLineScrubber scrubber = CommandLineScrubber.defaults();
        long sink = 0;
        double[] nsPerLine = new double[rounds];
        for (int r = -rounds; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < lines.size(); i++) {
                sink += scrubber.scrub(lines.get(i), separators.get(i)).length();
            }
            if (r >= 0) {
                nsPerLine[r] = (System.nanoTime() - t0) / (double) lines.size();
            }
        }
        Arrays.sort(nsPerLine);
        System.out.printf(
                "lines=%d rounds=%d median_ns_per_line=%.0f best_ns_per_line=%.0f (checksum %d)%n",
                lines.size(), rounds, nsPerLine[rounds / 2], nsPerLine[0], sink);
    }
}
