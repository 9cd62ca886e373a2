package io.procscope.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * The agent's settings as typed values, each with a default so the agent starts with no
 * configuration at all. {@link SettingSources} says where their text comes from (system property,
 * environment, {@code .env}, properties file, default), {@link SettingParsers} how it is read; the
 * {@link Setting} enum lists every key with its default. Instances are immutable.
 */
public final class AgentConfig {

    /** The enrollment secret of the embedded default API (its dev key). A real deployment sets its own. */
    public static final String DEV_ENROLL_SECRET = "procscope-dev-key";

    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MAX_REFUSED_RETRY = Duration.ofDays(7);
    private static final long MIN_SPOOL_BYTES = 64L * 1024;
    private static final Duration MIN_ENROLL_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_ENROLL_RETRY = Duration.ofHours(1);

    private final URI apiUrl;
    private final String enrollSecret;
    private final String inlineEnrollSecret;
    private final Path enrollSecretFile;
    private final Path credentialFile;
    private final Duration enrollRetry;
    private final Duration interval;
    private final String hostname;
    private final Path procPath;
    private final Path passwdPath;
    private final Path spoolDir;
    private final long spoolMaxBytes;
    private final Duration refusedRetry;
    private final Duration timeout;
    private final Path caFile;
    private final List<X509Certificate> caCertificates;
    private final ApiProxy proxy;
    private final NoProxy noProxy;
    private final Level logLevel;
    private final LogFormat logFormat;
    private final int healthPort;
    private final List<String> includeNames;
    private final List<String> excludeNames;
    private final List<String> includeUsers;
    private final List<String> excludeUsers;
    private final Pattern includeCommand;
    private final Pattern excludeCommand;
    private final boolean scrubCommandLine;
    private final List<String> scrubWords;
    private final boolean dropArguments;
    private final String kubernetesApi;
    private final Map<Setting, String> origins;
    private final List<String> warnings;

    private AgentConfig(SettingSources r) {
        List<String> notes = new ArrayList<>(r.warnings());
        this.apiUrl = SettingParsers.httpUrl(r, Setting.API_URL);
        String fromFile = SettingParsers.secretFromFile(r, Setting.ENROLL_SECRET_FILE);
        this.enrollSecretFile = fromFile == null ? null : SettingParsers.path(r, Setting.ENROLL_SECRET_FILE);
        boolean inlineBlank = r.value(Setting.ENROLL_SECRET).isBlank();
        this.inlineEnrollSecret =
                fromFile != null && inlineBlank ? "" : SettingParsers.secret(r, Setting.ENROLL_SECRET);
        if (fromFile != null && !inlineBlank && !"default".equals(r.origin(Setting.ENROLL_SECRET))) {
            notes.add("ignoring " + Setting.ENROLL_SECRET.key() + " (" + r.origin(Setting.ENROLL_SECRET) + "): "
                    + Setting.ENROLL_SECRET_FILE.key() + " (" + r.origin(Setting.ENROLL_SECRET_FILE)
                    + ") is set and wins");
        }
        this.enrollSecret = fromFile != null ? fromFile : inlineEnrollSecret;
        this.credentialFile = SettingParsers.path(r, Setting.CREDENTIAL_FILE);
        this.enrollRetry = SettingParsers.duration(r, Setting.ENROLL_RETRY, MIN_ENROLL_RETRY, MAX_ENROLL_RETRY);
        this.interval = SettingParsers.duration(r, Setting.INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
        this.hostname = SettingParsers.hostname(r, Setting.HOSTNAME);
        this.procPath = SettingParsers.path(r, Setting.PROC_PATH);
        this.passwdPath = SettingParsers.path(r, Setting.PASSWD_PATH);
        this.spoolDir = SettingParsers.path(r, Setting.SPOOL_DIR);
        this.spoolMaxBytes = SettingParsers.bytes(r, Setting.SPOOL_MAX_BYTES, MIN_SPOOL_BYTES);
        this.refusedRetry = SettingParsers.duration(r, Setting.REFUSED_RETRY, Duration.ZERO, MAX_REFUSED_RETRY);
        this.timeout = SettingParsers.duration(r, Setting.TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        this.caCertificates = SettingParsers.caCertificates(r, Setting.CA_FILE);
        this.caFile = caCertificates == null ? null : SettingParsers.path(r, Setting.CA_FILE);
        if (caCertificates != null) {
            notes.addAll(caFileWarnings(caFile, caCertificates, apiUrl));
        }
        this.proxy = SettingParsers.proxy(r, Setting.PROXY, apiUrl);
        this.noProxy = SettingParsers.noProxy(r, Setting.NO_PROXY);
        this.logLevel = SettingParsers.logLevel(r, Setting.LOG_LEVEL);
        this.logFormat = LogFormat.valueOf(SettingParsers.keyword(r, Setting.LOG_FORMAT, List.of("text", "json"))
                .toUpperCase(Locale.ROOT));
        this.healthPort = SettingParsers.port(r, Setting.HEALTH_PORT);
        this.includeNames = SettingParsers.list(r, Setting.INCLUDE_NAMES);
        this.excludeNames = SettingParsers.list(r, Setting.EXCLUDE_NAMES);
        this.includeUsers = SettingParsers.list(r, Setting.INCLUDE_USERS);
        this.excludeUsers = SettingParsers.list(r, Setting.EXCLUDE_USERS);
        this.includeCommand = SettingParsers.regex(r, Setting.INCLUDE_COMMAND);
        this.excludeCommand = SettingParsers.regex(r, Setting.EXCLUDE_COMMAND);
        this.scrubCommandLine = SettingParsers.bool(r, Setting.SCRUB_COMMAND_LINE);
        this.scrubWords = SettingParsers.list(r, Setting.SCRUB_WORDS);
        this.dropArguments = SettingParsers.bool(r, Setting.DROP_ARGUMENTS);
        this.kubernetesApi = SettingParsers.keywordOrUrl(r, Setting.KUBERNETES_API, List.of("auto", "off"));
        this.origins = r.origins();
        this.warnings = List.copyOf(notes);
    }

    // ---- loading -------------------------------------------------------------------------------

    /**
     * Reads the settings from this JVM's system properties and environment, the working directory's
     * {@code .env} and the properties file.
     *
     * @param configFile the {@code --config} file, or null to use {@code procscope-agent.properties}
     *     in the working directory if it exists
     * @return the settings
     * @throws ConfigException when a value is bad or a file cannot be read
     */
    public static AgentConfig load(Path configFile) {
        return load(configFile, Path.of("").toAbsolutePath(), System.getenv(), System.getProperties());
    }

    /**
     * Reads the settings from the given sources; {@link #load(Path)} with everything explicit, for
     * tests.
     *
     * @param configFile the {@code --config} file, or null for the working directory's default file
     * @param workingDir where {@code .env} and {@code procscope-agent.properties} are looked for
     * @param env environment variables
     * @param systemProperties Java system properties
     * @return the settings
     * @throws ConfigException when a value is bad or a file cannot be read
     */
    public static AgentConfig load(
            Path configFile, Path workingDir, Map<String, String> env, Properties systemProperties) {
        return new AgentConfig(SettingSources.read(configFile, workingDir, env, systemProperties));
    }

    /**
     * Builds settings from a map, with defaults for what it leaves out and no other source: for tests
     * and embedding.
     *
     * @param values setting key ({@code interval}) or property name ({@code procscope.agent.interval})
     *     to value
     * @return the settings
     * @throws ConfigException when a key is not a setting or a value is bad
     */
    public static AgentConfig fromMap(Map<String, String> values) {
        return new AgentConfig(SettingSources.of(values));
    }

    /**
     * @return every setting at its default
     */
    public static AgentConfig defaults() {
        return fromMap(Map.of());
    }

    /**
     * Returns a copy with some settings changed.
     *
     * @param overrides setting key or property name to value, as for {@link #fromMap(Map)}
     * @return the new settings
     * @throws ConfigException when a key is not a setting or a value is bad
     */
    public AgentConfig with(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(asMap());
        overrides.forEach((k, v) -> values.put(
                Setting.byName(k)
                        .map(Setting::key)
                        .orElseThrow(() -> new ConfigException("unknown setting '" + k + "'")),
                v));
        return fromMap(values);
    }

    // ---- the settings --------------------------------------------------------------------------

    /**
     * {@code procscope.agent.api-url}: base URL of the API, without a trailing slash. Defaults to
     * {@code http://localhost:8080}.
     *
     * @return the URL
     */
    public URI apiUrl() {
        return apiUrl;
    }

    /**
     * The fleet's enrollment secret, sent as {@code Authorization: Bearer} to {@code POST
     * /api/v1/enroll} when this host has no credential yet: the content of {@code
     * procscope.agent.enroll-secret-file} when that is set, else {@code procscope.agent.enroll-secret}
     * (old name {@code api-key}), which defaults to {@value #DEV_ENROLL_SECRET}, the embedded API's
     * development key.
     *
     * @return the secret
     */
    public String enrollSecret() {
        return enrollSecret;
    }

    /**
     * @return true when the enrollment secret is the development default
     */
    public boolean usesDevEnrollSecret() {
        return DEV_ENROLL_SECRET.equals(enrollSecret);
    }

    /**
     * {@code procscope.agent.enroll-secret-file} (old name {@code api-key-file}): a file holding the
     * enrollment secret, such as a Kubernetes Secret mounted as files; read once at start, trailing
     * newlines dropped. When set, it wins over {@code enroll-secret}. Defaults to none.
     *
     * @return the file, or empty when the secret is given inline
     */
    public Optional<Path> enrollSecretFile() {
        return Optional.ofNullable(enrollSecretFile);
    }

    /**
     * {@code procscope.agent.credential-file}: where the credential the API issued to this host at
     * enrollment is kept, mode 0600 in a 0700 directory. Defaults to {@code credential} in the
     * agent's state home (see {@link SettingParsers#stateHome()}).
     *
     * @return the file
     */
    public Path credentialFile() {
        return credentialFile;
    }

    /**
     * {@code procscope.agent.enroll-retry}: after the API revoked or refused this host's credential,
     * or refused to enroll it, the first wait before enrolling again; it doubles (with jitter) up to
     * the longer of this and 5 minutes. 100 ms to 1 hour. Defaults to {@code 30s}.
     *
     * @return the first wait
     */
    public Duration enrollRetry() {
        return enrollRetry;
    }

    /**
     * {@code procscope.agent.interval}: time between two reports, 100 ms to 1 day. Defaults to
     * {@code 10s}.
     *
     * @return the interval
     */
    public Duration interval() {
        return interval;
    }

    /**
     * {@code procscope.agent.hostname}: the host name to report. Defaults to empty, meaning the
     * {@code NODE_NAME} environment variable if set (Kubernetes' node name), else the OS's host name.
     *
     * @return the configured name (or {@code NODE_NAME}); empty to ask the OS
     */
    public Optional<String> hostname() {
        return Optional.ofNullable(hostname);
    }

    /**
     * {@code procscope.agent.proc-path}: where the proc file system is mounted; {@code /host/proc}
     * reads the host's from a container. Defaults to {@code /proc}.
     *
     * @return the directory
     */
    public Path procPath() {
        return procPath;
    }

    /**
     * {@code procscope.agent.passwd-path}: the passwd file that maps uids to user names. Defaults to
     * {@code /etc/passwd}.
     *
     * @return the file
     */
    public Path passwdPath() {
        return passwdPath;
    }

    /**
     * {@code procscope.agent.spool-dir}: directory of reports the API has not accepted yet. Defaults
     * to {@code spool} in the agent's state home (see {@link SettingParsers#stateHome()}).
     *
     * @return the directory
     */
    public Path spoolDir() {
        return spoolDir;
    }

    /**
     * {@code procscope.agent.spool-max-bytes}: most bytes the spool may hold, at least 64 KiB;
     * accepts {@code 67108864}, {@code 64MiB}, {@code 64M}. Defaults to {@code 64MiB}.
     *
     * @return the bound, bytes
     */
    public long spoolMaxBytes() {
        return spoolMaxBytes;
    }

    /**
     * {@code procscope.agent.refused-retry}: how long reports the API refuses with 401, 403, 404 or
     * 405 (the api-url is wrong, or it is not a procscope API: not the report) stay in the spool and
     * are retried before they are set aside in its {@code rejected/}, 0 to 7 days. A refusal of the
     * host's credential (revoked, unknown, wrong host) is not one of these: those reports wait in
     * the spool until the host is enrolled again. Defaults to {@code 15m}.
     *
     * @return the grace period
     */
    public Duration refusedRetry() {
        return refusedRetry;
    }

    /**
     * {@code procscope.agent.timeout}: connect and request timeout of one API call, 100 ms to 10
     * minutes. Defaults to {@code 10s}.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * {@code procscope.agent.ca-file}: a PEM file of the CA certificates that sign the API's https
     * certificate. When set, the agent trusts exactly these (the JDK's public CAs no longer), so a
     * private CA cannot be bypassed by a public one; read at start, where a missing or garbled file
     * stops the agent, and again when the file changes. Defaults to none: the JDK's trust store.
     *
     * @return the file, or empty for the JDK's trust store
     */
    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    /**
     * @return the certificates of {@link #caFile()} as read at start; empty when it is not set
     */
    public List<X509Certificate> caCertificates() {
        return caCertificates == null ? List.of() : caCertificates;
    }

    /**
     * {@code procscope.agent.proxy}: the HTTP proxy the API is reached through, {@code
     * http://[user:password@]host:port} (an https API through a {@code CONNECT} tunnel), or {@code
     * off}. Defaults to empty: the environment's {@code https_proxy}/{@code HTTPS_PROXY} for an https
     * api-url, {@code http_proxy}/{@code HTTP_PROXY} for an http one (lower case first).
     *
     * @return the proxy, or empty to reach the API directly (unless {@link #noProxy()} says so anyway)
     */
    public Optional<ApiProxy> proxy() {
        return Optional.ofNullable(proxy);
    }

    /**
     * {@code procscope.agent.no-proxy}: the hosts reached without the proxy, as {@code NO_PROXY} lists
     * them (see {@link NoProxy}). Defaults to empty: the environment's {@code no_proxy}/{@code
     * NO_PROXY}.
     *
     * @return the hosts
     */
    public NoProxy noProxy() {
        return noProxy;
    }

    /**
     * @return true when calls to the API go through {@link #proxy()}: there is one and {@link
     *     #noProxy()} does not name the API's host
     */
    public boolean apiThroughProxy() {
        return proxy != null && !noProxy.matches(apiUrl.getHost(), port(apiUrl));
    }

    /**
     * @param url an http(s) URL
     * @return its port, or its scheme's
     */
    public static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /** What is worth a warning about the CA file: an expired certificate, or an http api-url. */
    private static List<String> caFileWarnings(Path file, List<X509Certificate> certs, URI apiUrl) {
        List<String> w = new ArrayList<>();
        java.util.Date now = new java.util.Date();
        for (int i = 0; i < certs.size(); i++) {
            X509Certificate c = certs.get(i);
            if (c.getNotAfter().before(now)) {
                w.add(Setting.CA_FILE.key() + " " + file + ": certificate " + (i + 1) + " ("
                        + c.getSubjectX500Principal().getName() + ") expired at "
                        + c.getNotAfter().toInstant() + "; an API certificate signed by it is refused");
            }
        }
        if (!"https".equalsIgnoreCase(apiUrl.getScheme())) {
            w.add(Setting.CA_FILE.key() + " " + file + " is set, but api-url " + apiUrl
                    + " is plain http: nothing is verified and reports travel in clear");
        }
        return w;
    }

    /**
     * {@code procscope.agent.log-level}: least severe log level printed by the command line; {@code
     * ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG}, {@code TRACE} or a java.util.logging name.
     * Defaults to {@code INFO}.
     *
     * @return the level
     */
    public Level logLevel() {
        return logLevel;
    }

    /** How the command line writes its log records. */
    public enum LogFormat {
        /** One line of text per record: {@code 2026-11-26T10:37:52.123Z INFO  ship.ReportShipper ...}. */
        TEXT,
        /** One JSON object per line: timestamp, level, logger, message, thread, exception. */
        JSON
    }

    /**
     * {@code procscope.agent.log-format}: {@code text} (one line per record) or {@code json} (one
     * JSON object per line, for a log collector). Defaults to {@code text}.
     *
     * @return the format
     */
    public LogFormat logFormat() {
        return logFormat;
    }

    /**
     * {@code procscope.agent.health-port}: port of {@code GET /healthz} and {@code GET /metrics},
     * 1 to 65535, or 0 for none. Defaults to {@code 0}; the DaemonSet sets 9101.
     *
     * @return the port, 0 when off
     */
    public int healthPort() {
        return healthPort;
    }

    /**
     * {@code procscope.agent.include-names}: name patterns ({@code *} matches any run of
     * characters), one of which a reported process's name matches. Defaults to empty: any name.
     *
     * @return the patterns
     */
    public List<String> includeNames() {
        return includeNames;
    }

    /**
     * {@code procscope.agent.exclude-names}: name patterns no reported process's name matches.
     * Defaults to empty.
     *
     * @return the patterns
     */
    public List<String> excludeNames() {
        return excludeNames;
    }

    /**
     * {@code procscope.agent.include-users}: user patterns, one of which a reported process's user
     * matches. Defaults to empty: any user.
     *
     * @return the patterns
     */
    public List<String> includeUsers() {
        return includeUsers;
    }

    /**
     * {@code procscope.agent.exclude-users}: user patterns no reported process's user matches.
     * Defaults to empty.
     *
     * @return the patterns
     */
    public List<String> excludeUsers() {
        return excludeUsers;
    }

    /**
     * {@code procscope.agent.include-command}: a regular expression found in every reported command
     * line (before scrubbing). Defaults to none.
     *
     * @return the expression, or empty for none
     */
    public Optional<Pattern> includeCommand() {
        return Optional.ofNullable(includeCommand);
    }

    /**
     * {@code procscope.agent.exclude-command}: a regular expression found in no reported command
     * line. Defaults to none.
     *
     * @return the expression, or empty for none
     */
    public Optional<Pattern> excludeCommand() {
        return Optional.ofNullable(excludeCommand);
    }

    /**
     * {@code procscope.agent.scrub-command-line}: whether secrets in command lines are masked.
     * Defaults to {@code true}.
     *
     * @return true when scrubbing
     */
    public boolean scrubCommandLine() {
        return scrubCommandLine;
    }

    /**
     * {@code procscope.agent.scrub-words}: secret words besides the built-in ones, {@code *}
     * matching any run of characters. Defaults to empty.
     *
     * @return the words
     */
    public List<String> scrubWords() {
        return scrubWords;
    }

    /**
     * {@code procscope.agent.drop-arguments}: whether command lines keep only the program. Defaults
     * to {@code false}.
     *
     * @return true when arguments are dropped
     */
    public boolean dropArguments() {
        return dropArguments;
    }

    /**
     * {@code procscope.agent.kubernetes-api}: where the pods of this node are listed to name the pod
     * of each process: {@code auto} (the in-cluster API server when {@code KUBERNETES_SERVICE_HOST}
     * is set), {@code off}, or the API server's URL. Defaults to {@code auto}.
     *
     * @return {@code auto}, {@code off} or an http(s) URL
     */
    public String kubernetesApi() {
        return kubernetesApi;
    }

    /**
     * @param setting a setting
     * @return where its value came from, for example {@code environment variable
     *     PROCSCOPE_AGENT_INTERVAL} or {@code default}
     */
    public String originOf(Setting setting) {
        return origins.getOrDefault(setting, "default");
    }

    /**
     * @return problems worth a warning that did not stop the agent, such as an unknown {@code
     *     PROCSCOPE_AGENT_*} variable
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @return every setting as text, keyed by short key, the inline enrollment secret included;
     *     {@link #fromMap(Map)} of it gives equal settings
     */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Setting.API_URL.key(), apiUrl.toString());
        m.put(Setting.ENROLL_SECRET.key(), inlineEnrollSecret);
        m.put(Setting.ENROLL_SECRET_FILE.key(), enrollSecretFile == null ? "" : enrollSecretFile.toString());
        m.put(Setting.CREDENTIAL_FILE.key(), credentialFile.toString());
        m.put(Setting.ENROLL_RETRY.key(), enrollRetry.toString());
        m.put(Setting.INTERVAL.key(), interval.toString());
        m.put(Setting.HOSTNAME.key(), hostname == null ? "" : hostname);
        m.put(Setting.PROC_PATH.key(), procPath.toString());
        m.put(Setting.PASSWD_PATH.key(), passwdPath.toString());
        m.put(Setting.SPOOL_DIR.key(), spoolDir.toString());
        m.put(Setting.SPOOL_MAX_BYTES.key(), Long.toString(spoolMaxBytes));
        m.put(Setting.REFUSED_RETRY.key(), refusedRetry.toString());
        m.put(Setting.TIMEOUT.key(), timeout.toString());
        m.put(Setting.CA_FILE.key(), caFile == null ? "" : caFile.toString());
        m.put(Setting.PROXY.key(), proxy == null ? "off" : proxy.settingText());
        m.put(Setting.NO_PROXY.key(), noProxy.toString());
        m.put(Setting.LOG_LEVEL.key(), logLevel.getName());
        m.put(Setting.LOG_FORMAT.key(), logFormat.name().toLowerCase(Locale.ROOT));
        m.put(Setting.HEALTH_PORT.key(), Integer.toString(healthPort));
        m.put(Setting.INCLUDE_NAMES.key(), String.join(",", includeNames));
        m.put(Setting.EXCLUDE_NAMES.key(), String.join(",", excludeNames));
        m.put(Setting.INCLUDE_USERS.key(), String.join(",", includeUsers));
        m.put(Setting.EXCLUDE_USERS.key(), String.join(",", excludeUsers));
        m.put(Setting.INCLUDE_COMMAND.key(), includeCommand == null ? "" : includeCommand.pattern());
        m.put(Setting.EXCLUDE_COMMAND.key(), excludeCommand == null ? "" : excludeCommand.pattern());
        m.put(Setting.SCRUB_COMMAND_LINE.key(), Boolean.toString(scrubCommandLine));
        m.put(Setting.SCRUB_WORDS.key(), String.join(",", scrubWords));
        m.put(Setting.DROP_ARGUMENTS.key(), Boolean.toString(dropArguments));
        m.put(Setting.KUBERNETES_API.key(), kubernetesApi);
        return m;
    }

    /** The settings with the enrollment secret and the proxy's credentials masked (the dev key excepted), for logs. */
    @Override
    public String toString() {
        Map<String, String> m = asMap();
        m.put(Setting.PROXY.key(), proxy == null ? "off" : proxy.toString());
        m.put(
                Setting.ENROLL_SECRET.key(),
                enrollSecretFile != null
                        ? "(" + Setting.ENROLL_SECRET_FILE.key() + " wins)"
                        : DEV_ENROLL_SECRET.equals(inlineEnrollSecret) ? DEV_ENROLL_SECRET : "****");
        return "AgentConfig" + m;
    }
}
