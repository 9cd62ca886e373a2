package io.procscope.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the text of each setting comes from, and what it is: the first of these that has it.
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
 * Holds text only, with where each value came from for error messages; {@link AgentConfig} parses it.
 */
public final class SettingSources {

    /** The properties file read from the working directory when no {@code --config} is given. */
    public static final String DEFAULT_PROPERTIES_FILE = "procscope-agent.properties";

    /** The dotenv file read from the working directory. */
    public static final String DOTENV_FILE = ".env";

    /** Kubernetes' downward-API variable for the node name, the hostname fallback in a pod. */
    public static final String NODE_NAME_ENV = "NODE_NAME";

    /** Variable the launcher script reads for JVM flags; not a setting, so never warned about. */
    static final String JAVA_OPTS_ENV = "PROCSCOPE_AGENT_JAVA_OPTS";

    private final Map<Setting, String> values = new EnumMap<>(Setting.class);
    private final Map<Setting, String> origins = new EnumMap<>(Setting.class);
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> proxyEnv = new LinkedHashMap<>();

    /**
     * The proxy variables other tools share, read from the environment only (not {@code .env}), in
     * the order they are looked at: lower case first, as curl and Python read them.
     */
    static final List<String> PROXY_ENV =
            List.of("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY");

    private SettingSources() {}

    /**
     * Reads every source.
     *
     * @param configFile the {@code --config} file, or null for the working directory's default file
     * @param workingDir where {@code .env} and {@code procscope-agent.properties} are looked for
     * @param env environment variables
     * @param systemProperties Java system properties
     * @return the texts found
     * @throws ConfigException when a file cannot be read, or a {@code .env} line is not {@code
     *     KEY=VALUE}
     */
    static SettingSources read(Path configFile, Path workingDir, Map<String, String> env, Properties systemProperties) {
        SettingSources r = new SettingSources();
        Map<String, String> sysProps = new LinkedHashMap<>();
        systemProperties.stringPropertyNames().forEach(k -> sysProps.put(k, systemProperties.getProperty(k)));
        r.addPropertySource("system property", sysProps, false);
        r.addEnvSource("environment variable", env);
        for (String name : PROXY_ENV) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                r.proxyEnv.put(name, v.strip());
            }
        }

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
        return r;
    }

    /**
     * Takes the texts from a map only, the defaults filling in.
     *
     * @param values setting key ({@code interval}) or property name ({@code procscope.agent.interval})
     *     to value
     * @return the texts
     * @throws ConfigException when a key is not a setting
     */
    static SettingSources of(Map<String, String> values) {
        SettingSources r = new SettingSources();
        newNamesFirst(values).forEach((name, value) -> {
            Setting s = Setting.byName(name)
                    .orElseThrow(() -> new ConfigException(
                            "unknown setting '" + name + "'; known: " + String.join(", ", knownKeys())));
            r.set(s, value, "map entry " + name);
        });
        return r;
    }

    /**
     * @return the text of the setting, its default when no source has it
     */
    String value(Setting s) {
        return values.getOrDefault(s, s.defaultValue());
    }

    /**
     * @param name one of {@link #PROXY_ENV}
     * @return its value in the environment, or null when unset or blank (always null for {@link #of})
     */
    String proxyEnv(String name) {
        return proxyEnv.get(name);
    }

    /**
     * @return where the text came from, for example {@code environment variable
     *     PROCSCOPE_AGENT_INTERVAL}, or {@code default}
     */
    String origin(Setting s) {
        return origins.getOrDefault(s, "default");
    }

    /**
     * @return where each setting a source has came from
     */
    Map<Setting, String> origins() {
        return Map.copyOf(origins);
    }

    /**
     * @return what was ignored, such as an unknown {@code PROCSCOPE_AGENT_*} variable
     */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void set(Setting s, String value, String origin) {
        if (value != null && !values.containsKey(s)) {
            values.put(s, value);
            origins.put(s, origin);
        }
    }

    /**
     * Like {@link #set(Setting, String, String)}, and says once that an old name supplied the value:
     * it still works, but the new name is what the documentation shows.
     */
    private void set(Setting s, String value, String origin, boolean oldName) {
        boolean fresh = value != null && !values.containsKey(s);
        set(s, value, origin);
        if (fresh && oldName) {
            warnings.add(origin + " is the old name of " + s.key() + " (" + s.envName() + " or " + s.propertyName()
                    + "); it still works");
        }
    }

    /** The entries with new names before those with old ones, so that a new name wins in its source. */
    private static Map<String, String> newNamesFirst(Map<String, String> source) {
        Map<String, String> ordered = new LinkedHashMap<>();
        source.forEach((k, v) -> {
            if (!Setting.isAlias(k)) {
                ordered.put(k, v);
            }
        });
        source.forEach((k, v) -> {
            if (Setting.isAlias(k)) {
                ordered.put(k, v);
            }
        });
        return ordered;
    }

    /** System properties or a properties file: {@code procscope.agent.KEY}, or bare keys in a file. */
    private void addPropertySource(String kind, Map<String, String> source, boolean bareKeysAllowed) {
        newNamesFirst(source).forEach((name, value) -> {
            boolean prefixed = name.startsWith(Setting.PROPERTY_PREFIX);
            if (!prefixed && !bareKeysAllowed) {
                return;
            }
            Optional<Setting> s = Setting.byName(name);
            if (s.isPresent()) {
                set(s.get(), value, kind + " " + name, Setting.isAlias(name));
            } else {
                warnings.add("ignoring unknown " + kind + " " + name);
            }
        });
    }

    /** Environment variables or {@code .env}: the three MicroProfile spellings of each name. */
    private void addEnvSource(String kind, Map<String, String> source) {
        for (Setting s : Setting.values()) {
            List<String> names = s.envNames();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String v = source.get(name);
                if (v != null) {
                    // the first three are the new name's spellings
                    set(s, v, kind + " " + name, i >= 3);
                    break;
                }
            }
        }
        source.keySet().stream()
                .filter(k -> k.toUpperCase(Locale.ROOT).startsWith(Setting.ENV_PREFIX))
                .filter(k -> !k.equals(JAVA_OPTS_ENV))
                .filter(k -> Setting.byName(k).isEmpty()
                        && Arrays.stream(Setting.values())
                                .noneMatch(s -> s.envNames().contains(k)))
                .sorted()
                .forEach(k -> warnings.add("ignoring unknown " + kind + " " + k));
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
}
