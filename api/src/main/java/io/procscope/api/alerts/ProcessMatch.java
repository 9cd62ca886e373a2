package io.procscope.api.alerts;

import io.procscope.dto.match.ProcessMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which processes a rule is about, as the agent's filters choose processes: name and user globs,
 * a command-line regular expression found anywhere in it, and the same three to exclude. Every
 * include that is set must match, no exclude may. Immutable; the patterns are compiled once.
 */
public final class ProcessMatch {

    private final List<String> name;
    private final List<String> user;
    private final String commandLine;
    private final List<String> excludeName;
    private final List<String> excludeUser;
    private final String excludeCommandLine;
    private final ProcessMatcher matcher;

    /**
     * @param name name globs, empty for any
     * @param user user globs, empty for any
     * @param commandLine a regular expression the command line contains, or null
     * @param excludeName name globs no matching process's name matches
     * @param excludeUser user globs no matching process's user matches
     * @param excludeCommandLine a regular expression no matching command line contains, or null
     */
    public ProcessMatch(
            List<String> name,
            List<String> user,
            String commandLine,
            List<String> excludeName,
            List<String> excludeUser,
            String excludeCommandLine) {
        this.name = List.copyOf(name);
        this.user = List.copyOf(user);
        this.commandLine = commandLine;
        this.excludeName = List.copyOf(excludeName);
        this.excludeUser = List.copyOf(excludeUser);
        this.excludeCommandLine = excludeCommandLine;
        this.matcher = new ProcessMatcher(
                this.name,
                this.excludeName,
                this.user,
                this.excludeUser,
                commandLine == null ? null : Pattern.compile(commandLine),
                excludeCommandLine == null ? null : Pattern.compile(excludeCommandLine));
    }

    /** Processes named one of {@code names}. */
    static ProcessMatch names(String... names) {
        return new ProcessMatch(List.of(names), List.of(), null, List.of(), List.of(), null);
    }

    public List<String> name() {
        return name;
    }

    public List<String> user() {
        return user;
    }

    public String commandLine() {
        return commandLine;
    }

    public List<String> excludeName() {
        return excludeName;
    }

    public List<String> excludeUser() {
        return excludeUser;
    }

    public String excludeCommandLine() {
        return excludeCommandLine;
    }

    /** True when no include is set: every process not excluded matches. */
    boolean includesAll() {
        return name.isEmpty() && user.isEmpty() && commandLine == null;
    }

    /**
     * Whether a process matches, its command line read through {@code budget}.
     *
     * @throws MatchBudget.Exhausted when the regular expressions took too long
     */
    boolean matches(String processName, String processUser, String processCommandLine, MatchBudget budget) {
        if (!matcher.acceptsNameAndUser(processName, processUser)) {
            return false;
        }
        return !matcher.needsCommandLine() || matcher.acceptsCommandLine(budget.read(processCommandLine));
    }

    /** For people, in summaries: {@code name nginx, user www-data}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!name.isEmpty()) {
            parts.add("name " + String.join("|", name));
        }
        if (!user.isEmpty()) {
            parts.add("user " + String.join("|", user));
        }
        if (commandLine != null) {
            parts.add("command line /" + commandLine + "/");
        }
        if (!excludeName.isEmpty() || !excludeUser.isEmpty() || excludeCommandLine != null) {
            parts.add("with exclusions");
        }
        String d = parts.isEmpty() ? "any process" : String.join(", ", parts);
        return d.length() <= 200 ? d : d.substring(0, 200) + "…";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessMatch m
                && m.name.equals(name)
                && m.user.equals(user)
                && Objects.equals(m.commandLine, commandLine)
                && m.excludeName.equals(excludeName)
                && m.excludeUser.equals(excludeUser)
                && Objects.equals(m.excludeCommandLine, excludeCommandLine);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, user, commandLine, excludeName, excludeUser, excludeCommandLine);
    }

    @Override
    public String toString() {
        return "ProcessMatch[" + describe() + "]";
    }
}
