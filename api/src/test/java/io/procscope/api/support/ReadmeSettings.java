package io.procscope.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The API's settings as the README lists them: the rows of the table under {@code ## Settings},
 * {@code ### API}, and of the settings table of {@code ## Alerts}, read from the repository's
 * README.md, so that the tests of every setting cover what users are told exists.
 */
public final class ReadmeSettings {

    /** A map key in a setting's name, such as a webhook's: {@code procscope.alerts.webhooks."<name>".url}. */
    public static final String NAME_PLACEHOLDER = "<name>";

    /**
     * One row: the setting and its environment variable as the README writes them (the environment
     * variable empty where the row names none).
     */
    public record Row(int line, String setting, String env) {

        /**
         * The MicroProfile name of {@link #setting()} as an environment variable: upper case, every
         * character but letters and digits as {@code _}.
         */
        public String derivedEnv() {
            return setting.replaceAll("[^A-Za-z0-9<>]", "_").toUpperCase(Locale.ROOT);
        }

        /** The setting's property name with {@code <name>} given as {@code key}. */
        public String property(String key) {
            return setting.replace(NAME_PLACEHOLDER, key);
        }

        /** The environment variable with {@code <NAME>} given as {@code key}, upper case. */
        public String env(String key) {
            return env.replace(NAME_PLACEHOLDER.toUpperCase(Locale.ROOT), key.toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return "README.md line " + line + " (" + setting + ")";
        }
    }

    private ReadmeSettings() {}

    /**
     * @return the rows of the API and alert settings tables, in README order
     * @throws IllegalStateException when a table cannot be found or a row is not {@code | `setting`
     *     | `ENV` or nothing | default | what |}
     */
    public static List<Row> apiRows() {
        List<String> lines = readme();
        List<Row> rows = new ArrayList<>(table(lines, indexOf(lines, "### API", indexOf(lines, "## Settings", 0))));
        // the alerts' settings: the first table under ## Alerts whose header starts with "setting"
        int alerts = indexOf(lines, "## Alerts", 0);
        for (int i = alerts + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).startsWith("| setting ")) {
                rows.addAll(table(lines, i - 1));
                return rows;
            }
        }
        throw new IllegalStateException("README.md has no settings table under ## Alerts");
    }

    /** The rows of the first table after line {@code from}. */
    private static List<Row> table(List<String> lines, int from) {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = from + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            List<String> cells = cells(line);
            if (!cells.get(0).startsWith("`")) {
                continue; // the header and its rule
            }
            if (cells.size() < 4) {
                throw new IllegalStateException("README.md line " + (i + 1)
                        + ": a settings row is | `setting` | `ENVIRONMENT` (or nothing) | default | what it does |");
            }
            rows.add(new Row(i + 1, code(cells.get(0), i), cells.get(1).isEmpty() ? "" : code(cells.get(1), i)));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("README.md has no settings rows after line " + (from + 1));
        }
        return rows;
    }

    /** The cells of a Markdown table row; {@code \|} is a pipe inside a cell. */
    private static List<String> cells(String line) {
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

    /** A cell that is exactly one code span, as its text. */
    private static String code(String cell, int index) {
        if (cell.length() < 2 || !cell.startsWith("`") || cell.indexOf('`', 1) != cell.length() - 1) {
            throw new IllegalStateException("README.md line " + (index + 1) + ": '" + cell
                    + "' is not one setting or variable in backquotes; give each setting a row of its own");
        }
        return cell.substring(1, cell.length() - 1);
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
            if (Files.isRegularFile(readme) && Files.isDirectory(dir.resolve("api"))) {
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
