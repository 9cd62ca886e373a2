package io.procscope.dto.match;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which processes match a set of include and exclude rules: the agent's filters (which processes
 * are reported) and the API's alert rules (which processes a rule is about) share it. A process
 * matches when it matches every include rule that is set (name, user, command line) and no exclude
 * rule; with no rule at all, every process does. Names and users are matched whole against lists
 * of patterns where {@code *} matches any run of characters ({@link Glob}); the command line
 * against a regular expression found anywhere in it. The agent matches before scrubbing, so an
 * excluded process is dropped before anything else of it is read: it never leaves the host.
 * Thread-safe.
 */
public final class ProcessMatcher {

    /** Matches every process. */
    public static final ProcessMatcher ALL = new ProcessMatcher(List.of(), List.of(), List.of(), List.of(), null, null);

    private final List<Glob> includeNames;
    private final List<Glob> excludeNames;
    private final List<Glob> includeUsers;
    private final List<Glob> excludeUsers;
    private final Pattern includeCommand;
    private final Pattern excludeCommand;

    /**
     * @param includeNames name patterns, one of which a matching process's name matches; empty for any
     * @param excludeNames name patterns no matching process's name matches
     * @param includeUsers user patterns, one of which a matching process's user matches; empty for any
     * @param excludeUsers user patterns no matching process's user matches
     * @param includeCommand a regex found in every matching command line; null for any
     * @param excludeCommand a regex found in no matching command line; null for none
     */
    public ProcessMatcher(
            List<String> includeNames,
            List<String> excludeNames,
            List<String> includeUsers,
            List<String> excludeUsers,
            Pattern includeCommand,
            Pattern excludeCommand) {
        this.includeNames = globs(includeNames);
        this.excludeNames = globs(excludeNames);
        this.includeUsers = globs(includeUsers);
        this.excludeUsers = globs(excludeUsers);
        this.includeCommand = includeCommand;
        this.excludeCommand = excludeCommand;
    }

    /**
     * @return true when no rule is set: every process matches
     */
    public boolean acceptsAll() {
        return includeNames.isEmpty()
                && excludeNames.isEmpty()
                && includeUsers.isEmpty()
                && excludeUsers.isEmpty()
                && includeCommand == null
                && excludeCommand == null;
    }

    /**
     * @return true when a rule looks at the command line, which then has to be read first
     */
    public boolean needsCommandLine() {
        return includeCommand != null || excludeCommand != null;
    }

    /**
     * Decides on one process.
     *
     * @param name its name, or null
     * @param user its user name (or numeric uid), or null
     * @param commandLine its command line (the agent's before scrubbing), arguments separated by spaces or NULs; or
     *     null
     * @return true when it matches
     */
    public boolean accepts(String name, String user, String commandLine) {
        if (!acceptsNameAndUser(name, user)) {
            return false;
        }
        return !needsCommandLine() || acceptsCommandLine(commandLine == null ? "" : commandLine.replace('\0', ' '));
    }

    /**
     * Decides on a process's name and user alone: false when they rule it out, true when they do
     * not (the command line may still, see {@link #acceptsCommandLine}).
     *
     * @param name its name, or null
     * @param user its user name (or numeric uid), or null
     */
    public boolean acceptsNameAndUser(String name, String user) {
        String n = name == null ? "" : name;
        String u = user == null ? "" : user;
        if ((!includeNames.isEmpty() && !anyMatches(includeNames, n)) || anyMatches(excludeNames, n)) {
            return false;
        }
        return (includeUsers.isEmpty() || anyMatches(includeUsers, u)) && !anyMatches(excludeUsers, u);
    }

    /**
     * Decides on a process's command line alone. A caller that bounds the time a regular expression
     * may take passes a sequence that gives up (throws) once it has been read too often.
     *
     * @param commandLine its command line, arguments separated by spaces (NULs already replaced);
     *     empty when unknown
     */
    public boolean acceptsCommandLine(CharSequence commandLine) {
        return (includeCommand == null || includeCommand.matcher(commandLine).find())
                && (excludeCommand == null
                        || !excludeCommand.matcher(commandLine).find());
    }

    private static boolean anyMatches(List<Glob> patterns, String s) {
        for (Glob p : patterns) {
            if (p.matches(s)) {
                return true;
            }
        }
        return false;
    }

    private static List<Glob> globs(List<String> globs) {
        List<Glob> patterns = new ArrayList<>();
        for (String g : globs) {
            if (!g.isBlank()) {
                patterns.add(Glob.of(g.strip()));
            }
        }
        return List.copyOf(patterns);
    }
}
