package io.procscope.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The agent's settings, each with a default so the agent starts with no configuration at all.
 *
 * <p>Each setting is read from the first of these that has it:
 *
 * <ol>
 *   <li>Java system properties {@code procscope.agent.KEY};
 *   <li>environment variables {@code PROCSCOPE_AGENT_KEY} (MicroProfile mapping: upper case,
 *       non-alphanumerics as {@code _});
 *   <li>a {@code .env} file in the working directory ({@code KEY=VALUE} lines with the environment
 *       variable names, {@code #} comments, optional quotes);
 *   <li>a properties file: {@code --config FILE}, or else {@code procscope-agent.properties} in the
 *       working directory, with keys {@code procscope.agent.KEY} (or the bare {@code KEY});
 *   <li>the default.
 * </ol>
 *
 * <p>The {@link Setting} enum lists every key with its default. Instances are immutable.
 */
public final class AgentConfig {

    /** The API key of the embedded default API. A real deployment sets its own. */
    public static final String DEV_API_KEY = "procscope-dev-key";

    /** The properties file read from the working directory when no {@code --config} is given. */
    public static final String DEFAULT_PROPERTIES_FILE = "procscope-agent.properties";

    /** The dotenv file read from the working directory. */
    public static final String DOTENV_FILE = ".env";

    /** Kubernetes' downward-API variable for the node name, the hostname fallback in a pod. */
    public static final String NODE_NAME_ENV = "NODE_NAME";

    /** Variable the launcher script reads for JVM flags; not a setting, so never warned about. */
    static final String JAVA_OPTS_ENV = "PROCSCOPE_AGENT_JAVA_OPTS";

    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MAX_REFUSED_RETRY = Duration.ofDays(7);
    private static final long MIN_SPOOL_BYTES = 64L * 1024;

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BYTE_SIZE =
            Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private final URI apiUrl;
    private final String apiKey;
    private final Duration interval;
    private final String hostname;
    private final Path procPath;
    private final Path passwdPath;
    private final Path spoolDir;
    private final long spoolMaxBytes;
    private final Duration refusedRetry;
    private final Duration timeout;
    private final Level logLevel;
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

    private AgentConfig(Resolved r) {
        this.apiUrl = parseApiUrl(r);
        this.apiKey = parseApiKey(r);
        this.interval = parseDuration(r, Setting.INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
        this.hostname = parseHostname(r);
        this.procPath = parsePath(r, Setting.PROC_PATH);
        this.passwdPath = parsePath(r, Setting.PASSWD_PATH);
        this.spoolDir = parsePath(r, Setting.SPOOL_DIR);
        this.spoolMaxBytes = parseSpoolMaxBytes(r);
        this.refusedRetry = parseDuration(r, Setting.REFUSED_RETRY, Duration.ZERO, MAX_REFUSED_RETRY);
        this.timeout = parseDuration(r, Setting.TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
        this.logLevel = parseLogLevel(r);
        this.healthPort = parsePort(r, Setting.HEALTH_PORT);
        this.includeNames = parseList(r, Setting.INCLUDE_NAMES);
        this.excludeNames = parseList(r, Setting.EXCLUDE_NAMES);
        this.includeUsers = parseList(r, Setting.INCLUDE_USERS);
        this.excludeUsers = parseList(r, Setting.EXCLUDE_USERS);
        this.includeCommand = parseRegex(r, Setting.INCLUDE_COMMAND);
        this.excludeCommand = parseRegex(r, Setting.EXCLUDE_COMMAND);
        this.scrubCommandLine = parseBoolean(r, Setting.SCRUB_COMMAND_LINE);
        this.scrubWords = parseList(r, Setting.SCRUB_WORDS);
        this.dropArguments = parseBoolean(r, Setting.DROP_ARGUMENTS);
        this.kubernetesApi = parseKubernetesApi(r);
        this.origins = Map.copyOf(r.origins);
        this.warnings = List.copyOf(r.warnings);
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
        Resolved r = new Resolved();
        Map<String, String> sysProps = new LinkedHashMap<>();
        systemProperties.stringPropertyNames().forEach(k -> sysProps.put(k, systemProperties.getProperty(k)));
        r.addPropertySource("system property", sysProps, false);
        r.addEnvSource("environment variable", env);

        Path dotEnv = workingDir.resolve(DOTENV_FILE);
        Map<String, String> dotEnvValues = Files.isRegularFile(dotEnv) ? readDotEnv(dotEnv) : Map.of();
        r.addEnvSource(DOTENV_FILE + " entry", dotEnvValues);

        Path propsFile = configFile;
        if (propsFile == null) {
            Path candidate = workingDir.resolve(DEFAULT_PROPERTIES_FILE);
            propsFile = Files.isRegularFile(candidate) ? candidate : null;
        } else if (!Files.isRegularFile(propsFile)) {
            throw new ConfigException("config file " + propsFile + " does not exist or is not a file");
        }
        if (propsFile != null) {
            r.addPropertySource(propsFile.getFileName() + " key", readProperties(propsFile), true);
        }

        if (r.value(Setting.HOSTNAME).isEmpty()) {
            String nodeName = firstNonBlank(env.get(NODE_NAME_ENV), dotEnvValues.get(NODE_NAME_ENV));
            if (nodeName != null) {
                r.set(Setting.HOSTNAME, nodeName.trim(), "environment variable " + NODE_NAME_ENV);
            }
        }
        return new AgentConfig(r);
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
        Resolved r = new Resolved();
        values.forEach((name, value) -> {
            Setting s = Setting.byName(name)
                    .orElseThrow(() -> new ConfigException(
                            "unknown setting '" + name + "'; known: " + String.join(", ", knownKeys())));
            r.set(s, value, "map entry " + name);
        });
        return new AgentConfig(r);
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
     * {@code procscope.agent.api-key}: sent as {@code Authorization: Bearer}. Defaults to
     * {@value #DEV_API_KEY}, the embedded API's development key.
     *
     * @return the key
     */
    public String apiKey() {
        return apiKey;
    }

    /**
     * @return true when the API key is the development default
     */
    public boolean usesDevApiKey() {
        return DEV_API_KEY.equals(apiKey);
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
     * to {@code ${java.io.tmpdir}/procscope-agent-spool}.
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
     * 405 (the api-key or api-url is wrong, not the report) stay in the spool and are retried before
     * they are set aside in its {@code rejected/}, 0 to 7 days. Defaults to {@code 15m}.
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
     * {@code procscope.agent.log-level}: least severe log level printed by the command line; {@code
     * ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG}, {@code TRACE} or a java.util.logging name.
     * Defaults to {@code INFO}.
     *
     * @return the level
     */
    public Level logLevel() {
        return logLevel;
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
     * @return every setting as text, keyed by short key, the API key included; {@link #fromMap(Map)}
     *     of it gives equal settings
     */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Setting.API_URL.key(), apiUrl.toString());
        m.put(Setting.API_KEY.key(), apiKey);
        m.put(Setting.INTERVAL.key(), interval.toString());
        m.put(Setting.HOSTNAME.key(), hostname == null ? "" : hostname);
        m.put(Setting.PROC_PATH.key(), procPath.toString());
        m.put(Setting.PASSWD_PATH.key(), passwdPath.toString());
        m.put(Setting.SPOOL_DIR.key(), spoolDir.toString());
        m.put(Setting.SPOOL_MAX_BYTES.key(), Long.toString(spoolMaxBytes));
        m.put(Setting.REFUSED_RETRY.key(), refusedRetry.toString());
        m.put(Setting.TIMEOUT.key(), timeout.toString());
        m.put(Setting.LOG_LEVEL.key(), logLevel.getName());
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

    /** The settings with the API key masked, for logs. */
    @Override
    public String toString() {
        Map<String, String> m = asMap();
        m.put(Setting.API_KEY.key(), usesDevApiKey() ? DEV_API_KEY : "****");
        return "AgentConfig" + m;
    }

    // ---- parsing, package-private for tests ----------------------------------------------------

    /**
     * Parses {@code 10s}, {@code 500ms}, {@code 1m}, {@code 2h}, {@code 1d}, a bare number of seconds,
     * or ISO-8601 {@code PT10S}.
     */
    static Optional<Duration> parseDuration(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
            try {
                return Optional.of(
                        switch (unit) {
                            case "ms" -> Duration.ofMillis(n);
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "h" -> Duration.ofHours(n);
                            default -> Duration.ofDays(n);
                        });
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
        if (t.length() > 1 && (t.charAt(0) == 'P' || t.charAt(0) == 'p')) {
            try {
                return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Parses a byte count with an optional binary unit: {@code 65536}, {@code 64KiB}, {@code 64M}. */
    static Optional<Long> parseBytes(String text) {
        Matcher m = BYTE_SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                return Optional.empty();
            }
            return Optional.of(n << shift);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses dotenv lines: {@code KEY=VALUE}, optional {@code export} prefix, {@code #} comments
     * (whole-line, or after whitespace in an unquoted value), values in single or double quotes.
     *
     * @param lines the file's lines
     * @param fileName for error messages
     * @return key to value, in file order; a later line wins
     * @throws ConfigException on a line that is not {@code KEY=VALUE}
     */
    static Map<String, String> parseDotEnv(List<String> lines, String fileName) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (eq < 0 || key.isEmpty() || !key.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
                throw new ConfigException(fileName + " line " + (i + 1) + ": expected KEY=VALUE, got '" + line + "'");
            }
            String raw = line.substring(eq + 1).strip();
            String value;
            if (raw.length() >= 2 && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
                char q = raw.charAt(0);
                int end = raw.lastIndexOf(q);
                if (end == 0) {
                    throw new ConfigException(fileName + " line " + (i + 1) + ": unterminated quote in " + key);
                }
                value = raw.substring(1, end);
                if (q == '"') {
                    value = value.replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
                }
            } else {
                int hash = raw.indexOf(" #");
                value = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            }
            values.put(key, value);
        }
        return values;
    }

    // ---- internals -----------------------------------------------------------------------------

    private static Map<String, String> readDotEnv(Path file) {
        try {
            return parseDotEnv(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e, e);
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    private static List<String> knownKeys() {
        List<String> keys = new ArrayList<>();
        for (Setting s : Setting.values()) {
            keys.add(s.key());
        }
        return keys;
    }

    private static ConfigException invalid(Resolved r, Setting s, String expected) {
        return new ConfigException("invalid " + s.key() + " '" + r.value(s) + "' (" + r.origin(s) + "): " + expected);
    }

    private static URI parseApiUrl(Resolved r) {
        String text = r.value(Setting.API_URL).strip();
        String expected = "expected an absolute http or https URL such as http://localhost:8080";
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw invalid(r, Setting.API_URL, expected);
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw invalid(r, Setting.API_URL, "a query or fragment is not allowed");
            }
            String s = uri.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return new URI(s);
        } catch (URISyntaxException e) {
            throw invalid(r, Setting.API_URL, expected);
        }
    }

    private static String parseApiKey(Resolved r) {
        String key = r.value(Setting.API_KEY).strip();
        if (key.isEmpty()) {
            throw invalid(r, Setting.API_KEY, "must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                // never echo a key with a stray character: it may be a real secret
                throw new ConfigException("invalid " + Setting.API_KEY.key() + " (" + r.origin(Setting.API_KEY)
                        + "): only printable ASCII without spaces is allowed");
            }
        }
        return key;
    }

    private static Duration parseDuration(Resolved r, Setting s, Duration min, Duration max) {
        Duration d = parseDuration(r.value(s))
                .orElseThrow(() -> invalid(r, s, "expected a duration such as 10s, 500ms, 1m or PT10S"));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(r, s, "must be between " + human(min) + " and " + human(max));
        }
        return d;
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static String parseHostname(Resolved r) {
        String h = r.value(Setting.HOSTNAME).strip();
        if (h.isEmpty()) {
            return null;
        }
        if (h.length() > 253 || !h.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw invalid(r, Setting.HOSTNAME, "expected at most 253 printable characters without spaces");
        }
        return h;
    }

    private static Path parsePath(Resolved r, Setting s) {
        String text = expandPlaceholders(r, s).strip();
        if (text.isEmpty()) {
            throw invalid(r, s, "must not be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(r, s, "not a valid path: " + e.getReason());
        }
    }

    private static String expandPlaceholders(Resolved r, Setting s) {
        Matcher m = PLACEHOLDER.matcher(r.value(s));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = System.getProperty(m.group(1));
            if (v == null) {
                throw invalid(r, s, "no system property '" + m.group(1) + "' to expand");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static long parseSpoolMaxBytes(Resolved r) {
        long n = parseBytes(r.value(Setting.SPOOL_MAX_BYTES))
                .orElseThrow(
                        () -> invalid(r, Setting.SPOOL_MAX_BYTES, "expected a size such as 67108864, 64MiB or 64M"));
        if (n < MIN_SPOOL_BYTES) {
            throw invalid(r, Setting.SPOOL_MAX_BYTES, "must be at least 64KiB");
        }
        return n;
    }

    private static int parsePort(Resolved r, Setting s) {
        try {
            int port = Integer.parseInt(r.value(s).strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(r, s, "expected a port from 1 to 65535, or 0 for none");
    }

    private static List<String> parseList(Resolved r, Setting s) {
        List<String> items = new ArrayList<>();
        for (String item : r.value(s).split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return List.copyOf(items);
    }

    private static Pattern parseRegex(Resolved r, Setting s) {
        String text = r.value(s);
        if (text.isBlank()) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw invalid(r, s, "not a regular expression: " + e.getDescription());
        }
    }

    private static boolean parseBoolean(Resolved r, Setting s) {
        return switch (r.value(s).strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(r, s, "expected true or false");
        };
    }

    private static String parseKubernetesApi(Resolved r) {
        String text = r.value(Setting.KUBERNETES_API).strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("auto") || lower.equals("off")) {
            return lower;
        }
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(r, Setting.KUBERNETES_API, "expected auto, off or an http(s) URL");
    }

    private static Level parseLogLevel(Resolved r) {
        String t = r.value(Setting.LOG_LEVEL).strip().toUpperCase(Locale.ROOT);
        switch (t) {
            case "ERROR":
                return Level.SEVERE;
            case "WARN":
                return Level.WARNING;
            case "DEBUG":
                return Level.FINE;
            case "TRACE":
                return Level.FINEST;
            default:
                try {
                    return Level.parse(t);
                } catch (IllegalArgumentException e) {
                    throw invalid(r, Setting.LOG_LEVEL, "expected ERROR, WARN, INFO, DEBUG or TRACE");
                }
        }
    }

    /** Values found so far, the first source to set a setting winning. */
    private static final class Resolved {
        final Map<Setting, String> values = new EnumMap<>(Setting.class);
        final Map<Setting, String> origins = new EnumMap<>(Setting.class);
        final List<String> warnings = new ArrayList<>();

        String value(Setting s) {
            return values.getOrDefault(s, s.defaultValue());
        }

        String origin(Setting s) {
            return origins.getOrDefault(s, "default");
        }

        void set(Setting s, String value, String origin) {
            if (value != null && !values.containsKey(s)) {
                values.put(s, value);
                origins.put(s, origin);
            }
        }

        /** System properties or a properties file: {@code procscope.agent.KEY}, or bare keys in a file. */
        void addPropertySource(String kind, Map<String, String> source, boolean bareKeysAllowed) {
            source.forEach((name, value) -> {
                boolean prefixed = name.startsWith(Setting.PROPERTY_PREFIX);
                if (!prefixed && !bareKeysAllowed) {
                    return;
                }
                Optional<Setting> s = Setting.byName(name);
                if (s.isPresent()) {
                    set(s.get(), value, kind + " " + name);
                } else {
                    warnings.add("ignoring unknown " + kind + " " + name);
                }
            });
        }

        /** Environment variables or {@code .env}: the three MicroProfile spellings of each name. */
        void addEnvSource(String kind, Map<String, String> source) {
            for (Setting s : Setting.values()) {
                for (String name : List.of(s.propertyName(), Setting.sanitize(s.propertyName()), s.envName())) {
                    String v = source.get(name);
                    if (v != null) {
                        set(s, v, kind + " " + name);
                        break;
                    }
                }
            }
            source.keySet().stream()
                    .filter(k -> k.toUpperCase(Locale.ROOT).startsWith(Setting.ENV_PREFIX))
                    .filter(k -> !k.equals(JAVA_OPTS_ENV))
                    .filter(k -> Setting.byName(k).isEmpty()
                            && Arrays.stream(Setting.values())
                                    .noneMatch(
                                            s -> k.equals(s.envName()) || k.equals(Setting.sanitize(s.propertyName()))))
                    .sorted()
                    .forEach(k -> warnings.add("ignoring unknown " + kind + " " + k));
        }
    }
}
