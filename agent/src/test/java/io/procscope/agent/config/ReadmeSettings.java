package io.procscope.agent.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the README's agent settings table ({@code ## Settings}, {@code ### Agent}), read from
 * the repository's README.md, so that a test of every setting covers what users are told exists.
 */
public final class ReadmeSettings {

    /** One row: setting key, environment variable, default, as the README writes them. */
    public record Row(int line, String key, String env, String defaultValue) {
        @Override
        public String toString() {
            return "README.md line " + line + " (" + key + ")";
        }
    }

    private ReadmeSettings() {}

    /**
     * @return the rows of the agent table, in README order
     * @throws IllegalStateException when the README or the table cannot be found
     */
    public static List<Row> agentRows() {
        List<String> lines = readme();
        int start = indexOf(lines, "### Agent", indexOf(lines, "## Settings", 0));
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            List<String> cells = cells(line);
            if (cells.size() < 3 || !cells.get(0).startsWith("`")) {
                continue; // the header and its rule
            }
            rows.add(new Row(i + 1, code(cells.get(0)), code(cells.get(1)), code(cells.get(2))));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("README.md has no agent settings table under ## Settings, ### Agent");
        }
        return rows;
    }

    /** The cells of a Markdown table row; {@code \|} is a pipe inside a cell. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String body = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    /** A cell that is one code span ({@code `x`}) as its text; any other cell as written. */
    private static String code(String cell) {
        if (cell.length() >= 2
                && cell.startsWith("`")
                && cell.endsWith("`")
                && cell.indexOf('`', 1) == cell.length() - 1) {
            return cell.substring(1, cell.length() - 1);
        }
        return cell;
    }

    private static int indexOf(List<String> lines, String heading, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(heading)) {
                return i;
            }
        }
        throw new IllegalStateException("README.md has no heading '" + heading + "'");
    }

    private static List<String> readme() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path readme = dir.resolve("README.md");
            if (Files.isRegularFile(readme) && Files.isDirectory(dir.resolve("agent"))) {
                try {
                    return Files.readAllLines(readme);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no README.md of the repository above " + Path.of("").toAbsolutePath());
    }
}
