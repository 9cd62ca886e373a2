package io.procscope.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures a run ends with, each beside its target. Printed as {@code RESULT} lines, which
 * bench/api-bench.sh collects into its summary.
 */
final class Results {

    private final List<String> lines = new ArrayList<>();

    /**
     * @param met true or false against the target; null where there is no target
     */
    void add(String what, String value, String target, Boolean met) {
        String verdict = met == null ? "" : met ? "  [met]" : "  [MISSED]";
        lines.add(String.format("RESULT %-34s %-40s target %s%s", what, value, target, verdict));
    }

    void note(String text) {
        lines.add("RESULT   " + text);
    }

    void print() {
        System.out.println();
        lines.forEach(System.out::println);
    }
}
