package io.procscope.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the agent: its key, its default and what it does. {@link AgentConfig} reads them;
 * {@code --help} prints this list. The system property of a setting is {@code procscope.agent.KEY},
 * its environment variable {@code PROCSCOPE_AGENT_KEY} (upper case, {@code -} and {@code .} as
 * {@code _}).
 */
public enum Setting {
    /** Base URL of the procscope API. */
    API_URL("api-url", "http://localhost:8080", "base URL of the procscope API (http or https)"),
    /** The fleet's enrollment secret, sent once to enroll this host. */
    ENROLL_SECRET(
            "enroll-secret",
            AgentConfig.DEV_ENROLL_SECRET,
            "the fleet's enrollment secret, sent as 'Authorization: Bearer' to enroll this host once; its"
                    + " reports then go with the host's own credential. The default is the embedded API's dev key",
            "api-key"),
    /** A file holding the enrollment secret. */
    ENROLL_SECRET_FILE(
            "enroll-secret-file",
            "",
            "file holding the enrollment secret (a mounted Secret; trailing newlines dropped); when set it wins"
                    + " over enroll-secret",
            "api-key-file"),
    /** Where the host's credential is kept. */
    CREDENTIAL_FILE(
            "credential-file",
            "${" + SettingParsers.STATE_HOME + "}/credential",
            "where the host credential the API issued at enrollment is kept (mode 0600 in a 0700 directory); keep"
                    + " it across restarts (a hostPath on Kubernetes): a host enrolled once is refused a second"
                    + " enrollment until an operator resets it"),
    /** First wait before enrolling again after a refusal. */
    ENROLL_RETRY(
            "enroll-retry",
            "30s",
            "after the API revoked or refused the credential, or refused an enrollment, the first wait before"
                    + " enrolling again; it doubles up to 5m. Reports wait in the spool meanwhile"),
    /** Time between two reports. */
    INTERVAL("interval", "10s", "time between two reports: 10s, 500ms, 1m or ISO-8601 PT10S"),
    /** Host name to report. */
    HOSTNAME("hostname", "", "host name to report; empty = $NODE_NAME if set (Kubernetes), else the OS's"),
    /** Where the proc file system is mounted. */
    PROC_PATH("proc-path", "/proc", "where /proc is mounted; /host/proc to read the host's from a container"),
    /** The passwd file that names uids. */
    PASSWD_PATH("passwd-path", "/etc/passwd", "passwd file that maps uids to user names"),
    /** Directory of reports waiting to be sent. */
    SPOOL_DIR(
            "spool-dir",
            "${" + SettingParsers.STATE_HOME + "}/spool",
            "directory of reports not yet accepted by the API; rejected ones go to its rejected/. The state home is"
                    + " /var/lib/procscope-agent for root, else $XDG_STATE_HOME/procscope-agent"
                    + " (~/.local/state/procscope-agent): never a world-writable /tmp"),
    /** Most bytes the spool may hold. */
    SPOOL_MAX_BYTES(
            "spool-max-bytes",
            "64MiB",
            "most bytes the spool may hold (B, KiB, MiB, GiB; K, M, G are the same); the oldest reports go first"),
    /** How long a report refused for a wrong URL is retried before it is set aside. */
    REFUSED_RETRY(
            "refused-retry",
            "15m",
            "how long reports refused with 401, 403, 404 or 405 (a wrong api-url, or not a procscope API) are"
                    + " retried before they are set aside in the spool's rejected/; 0 = at once. A revoked or"
                    + " refused credential never sets reports aside: they wait in the spool"),
    /** Connect and request timeout for the API. */
    TIMEOUT("timeout", "10s", "connect and request timeout for one call to the API"),
    /** The CA certificates that sign the API's. */
    CA_FILE(
            "ca-file",
            "",
            "PEM file of the CA certificate(s) the API's https certificate is signed by (a private CA, a mounted"
                    + " Secret or ConfigMap); only these are trusted then, not the JDK's public CAs. Read at start and"
                    + " again when it changes; empty = the JDK's trust store"),
    /** The HTTP proxy to the API. */
    PROXY(
            "proxy",
            "",
            "HTTP proxy to reach the API through: http://[user:password@]host:port (https tunnels with CONNECT),"
                    + " or off; empty = https_proxy/HTTPS_PROXY for an https api-url, http_proxy/HTTP_PROXY for http"),
    /** Hosts reached without the proxy. */
    NO_PROXY(
            "no-proxy",
            "",
            "hosts reached without the proxy (comma-separated): *, example.com (and its subdomains), .example.com,"
                    + " host:port, an IP, a CIDR block; empty = no_proxy/NO_PROXY"),
    /** Least severe log level printed. */
    LOG_LEVEL("log-level", "INFO", "least severe log level printed: ERROR, WARN, INFO, DEBUG (FINE), TRACE"),
    /** How log records are written to stderr. */
    LOG_FORMAT(
            "log-format",
            "text",
            "text (one line per record) or json (one JSON object per line: timestamp, level, logger, message,"
                    + " thread, exception), for a log collector"),
    /** Port of the agent's own health and metrics endpoints. */
    HEALTH_PORT(
            "health-port",
            "0",
            "port of GET /healthz (503 after three intervals without a collection) and GET /metrics; 0 = off"),
    /** Names of the processes to report. */
    INCLUDE_NAMES(
            "include-names", "", "report only processes whose name matches one of these (comma-separated, * wildcard)"),
    /** Names of the processes never to report. */
    EXCLUDE_NAMES("exclude-names", "", "never report processes whose name matches one of these (comma-separated, *)"),
    /** Users whose processes are reported. */
    INCLUDE_USERS("include-users", "", "report only processes of these users (comma-separated, * wildcard)"),
    /** Users whose processes are never reported. */
    EXCLUDE_USERS("exclude-users", "", "never report processes of these users (comma-separated, * wildcard)"),
    /** A regular expression every reported command line contains. */
    INCLUDE_COMMAND("include-command", "", "report only processes whose command line contains this regex"),
    /** A regular expression no reported command line contains. */
    EXCLUDE_COMMAND("exclude-command", "", "never report processes whose command line contains this regex"),
    /** Whether secrets in command lines are masked. */
    SCRUB_COMMAND_LINE(
            "scrub-command-line",
            "true",
            "mask secrets in command lines (--password=x, --api-key x, PASSWORD=x, user:pw@host) with ********"),
    /** More words that make an argument secret. */
    SCRUB_WORDS("scrub-words", "", "more secret words besides password, secret, api_key, ... (comma-separated, *)"),
    /** Whether every argument is dropped. */
    DROP_ARGUMENTS("drop-arguments", "false", "report only the program of each command line, no arguments"),
    /** Where to list this node's pods. */
    KUBERNETES_API(
            "kubernetes-api",
            "auto",
            "API server to name pods from (list this node's pods): auto = in-cluster when in a pod, off, or a URL");

    /** Prefix of the settings' system properties and properties-file keys. */
    public static final String PROPERTY_PREFIX = "procscope.agent.";

    /** Prefix of the settings' environment variables. */
    public static final String ENV_PREFIX = "PROCSCOPE_AGENT_";

    private final String key;
    private final String defaultValue;
    private final String description;
    private final String alias;

    Setting(String key, String defaultValue, String description) {
        this(key, defaultValue, description, null);
    }

    Setting(String key, String defaultValue, String description, String alias) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.alias = alias;
    }

    /**
     * @return the short key, for example {@code api-url}
     */
    public String key() {
        return key;
    }

    /**
     * The old name of a setting that was renamed, still read: within one source the new name wins
     * over it, across sources the usual order holds (a system property of the old name beats an
     * environment variable of the new one).
     *
     * @return the old short key, for example {@code api-key} for {@link #ENROLL_SECRET}; empty for most
     */
    public Optional<String> alias() {
        return Optional.ofNullable(alias);
    }

    /**
     * @return the system property and properties-file key, for example {@code procscope.agent.api-url}
     */
    public String propertyName() {
        return PROPERTY_PREFIX + key;
    }

    /**
     * @return the environment variable, for example {@code PROCSCOPE_AGENT_API_URL}
     */
    public String envName() {
        return toEnvName(propertyName());
    }

    /**
     * @return the default as text, before {@code ${...}} expansion; empty where the default is "none"
     */
    public String defaultValue() {
        return defaultValue;
    }

    /**
     * @return one line saying what the setting does
     */
    public String description() {
        return description;
    }

    /**
     * Finds a setting by short key or by property name.
     *
     * @param name {@code api-url} or {@code procscope.agent.api-url}
     * @return the setting, or empty when the name is not one
     */
    public static Optional<Setting> byName(String name) {
        String key = name.startsWith(PROPERTY_PREFIX) ? name.substring(PROPERTY_PREFIX.length()) : name;
        for (Setting s : values()) {
            if (s.key.equals(key) || key.equals(s.alias)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * @param name a short key or property name
     * @return true when it is the old name of a setting, such as {@code api-key}
     */
    static boolean isAlias(String name) {
        String key = name.startsWith(PROPERTY_PREFIX) ? name.substring(PROPERTY_PREFIX.length()) : name;
        return byName(key).map(s -> key.equals(s.alias)).orElse(false);
    }

    /**
     * @return the names an environment or {@code .env} file may give this setting, the new name's
     *     three MicroProfile spellings first, then the old name's
     */
    List<String> envNames() {
        List<String> names = new ArrayList<>();
        for (String k : alias == null ? List.of(key) : List.of(key, alias)) {
            String property = PROPERTY_PREFIX + k;
            names.addAll(List.of(property, sanitize(property), toEnvName(property)));
        }
        return names;
    }

    /**
     * The MicroProfile Config mapping of a property name to an environment variable: every character
     * that is not a letter or digit becomes {@code _}, then upper case.
     *
     * @param propertyName for example {@code procscope.agent.api-url}
     * @return for example {@code PROCSCOPE_AGENT_API_URL}
     */
    static String toEnvName(String propertyName) {
        return sanitize(propertyName).toUpperCase(Locale.ROOT);
    }

    /** The second MicroProfile form: non-alphanumerics as {@code _}, case kept. */
    static String sanitize(String propertyName) {
        StringBuilder sb = new StringBuilder(propertyName.length());
        for (int i = 0; i < propertyName.length(); i++) {
            char c = propertyName.charAt(i);
            sb.append(Character.isLetterOrDigit(c) ? c : '_');
        }
        return sb.toString();
    }
}
