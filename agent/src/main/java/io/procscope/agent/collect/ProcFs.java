package io.procscope.agent.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The few Linux {@code /proc} reads OSHI does not do the way the agent needs: a process's cwd link
 * read as text (OSHI canonicalises it, which follows the link in the agent's own mount namespace and
 * is wrong from a container), and the raw state letter and nice value of {@code /proc/PID/stat}
 * (OSHI folds {@code I}, idle, into {@code OTHER} and exposes priority, not nice).
 */
final class ProcFs {

    /** Field 19 of {@code /proc/PID/stat}, counted from 1 as in proc(5). */
    private static final int NICE_FIELD = 19;

    private final Path proc;

    /**
     * @param proc where the proc file system is mounted, for example {@code /proc}
     */
    ProcFs(Path proc) {
        this.proc = proc;
    }

    /** The state letter and nice value of one {@code /proc/PID/stat} line. */
    record Stat(char state, Integer nice) {}

    /** A cwd read: the path, or null when unreadable; {@code gone} when the process has exited. */
    record Cwd(String path, boolean gone) {}

    /**
     * Reads {@code /proc/PID/cwd} as a link.
     *
     * @param pid the process
     * @return the path (a deleted directory keeps its {@code " (deleted)"} suffix off), null when
     *     permission is denied or the process is a zombie, {@code gone} when the process has exited
     */
    Cwd cwd(int pid) {
        Path link = proc.resolve(Integer.toString(pid)).resolve("cwd");
        try {
            String target = Files.readSymbolicLink(link).toString();
            return new Cwd(stripDeleted(target), false);
        } catch (NoSuchFileException e) {
            // a zombie has no cwd either; only a missing /proc/PID means the process is gone
            return new Cwd(null, !Files.isDirectory(link.getParent()));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new Cwd(null, false);
        }
    }

    /**
     * Reads {@code /proc/PID/stat}.
     *
     * @param pid the process
     * @return the fields, or null when the file cannot be read (the process has exited)
     */
    Stat stat(int pid) {
        try {
            List<String> lines =
                    Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? null : parseStat(lines.get(0));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /**
     * Parses one {@code /proc/PID/stat} line. The command name (field 2) is in parentheses and may
     * hold spaces and parentheses itself, so fields are counted from its last {@code ')'}.
     *
     * @param line the line
     * @return the state letter (field 3) and nice (field 19, null when absent), or null when the line
     *     is not a stat line
     */
    static Stat parseStat(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return null;
        }
        String[] rest = line.substring(close + 2).trim().split(" +");
        // rest[0] is field 3
        char state = rest[0].isEmpty() ? '?' : rest[0].charAt(0);
        Integer nice = null;
        int niceIndex = NICE_FIELD - 3;
        if (rest.length > niceIndex) {
            try {
                nice = Integer.valueOf(rest[niceIndex]);
            } catch (NumberFormatException e) {
                nice = null;
            }
        }
        return new Stat(state, nice);
    }

    static String stripDeleted(String path) {
        return path.endsWith(" (deleted)") ? path.substring(0, path.length() - " (deleted)".length()) : path;
    }
}
