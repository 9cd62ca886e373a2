package io.procscope.deploy;

import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables the agent reads. A misspelt one is ignored by the agent, which then
 * falls back to its default (the container's own /proc, a spool lost at restart): deployments may
 * only set names from this list.
 */
final class AgentSettings {

    /**
     * The settings the deployment relies on, as decided for the agent; each is also a constant of
     * its {@code Setting} enum (HEALTH_PORT became one with the health endpoints, the enrollment
     * ones with host identity: API_KEY is ENROLL_SECRET's old name, which the agent still reads but
     * the deployment no longer sets).
     */
    private static final Set<String> DECIDED = Set.of(
            "API_URL",
            "ENROLL_SECRET",
            "ENROLL_SECRET_FILE",
            "CREDENTIAL_FILE",
            "INTERVAL",
            "HOSTNAME",
            "PROC_PATH",
            "PASSWD_PATH",
            "SPOOL_DIR");

    /** An enum constant of {@code Setting}: four spaces, upper case, an opening parenthesis. */
    private static final Pattern CONSTANT = Pattern.compile("(?m)^ {4}([A-Z][A-Z0-9_]*)\\(");

    private AgentSettings() {}

    /** The decided settings plus every constant of the agent's {@code Setting} enum, as env names. */
    static Set<String> envNames() {
        Set<String> names = new TreeSet<>(DECIDED);
        if (Files.exists(Repo.AGENT_SETTINGS)) {
            Matcher m = CONSTANT.matcher(Repo.read(Repo.AGENT_SETTINGS));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        Set<String> env = new TreeSet<>();
        names.forEach(n -> env.add("PROCSCOPE_AGENT_" + n));
        return env;
    }
}
