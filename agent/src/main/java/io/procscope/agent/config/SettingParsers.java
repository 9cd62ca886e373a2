package io.procscope.agent.config;

import io.procscope.dto.HostInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the text of a setting into its value, one method per kind of value (duration, size, list,
 * URL, ...). A text that is not one fails with a {@link ConfigException} of one line that names the
 * setting, the text (never an API key's) and where it came from, and says what was expected.
 */
final class SettingParsers {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BYTE_SIZE =
            Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private SettingParsers() {}

    /** An absolute http or https URL without query or fragment; trailing slashes dropped. */
    static URI httpUrl(SettingSources r, Setting s) {
        String text = r.value(s).strip();
        String expected = "expected an absolute http or https URL such as http://localhost:8080";
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw invalid(r, s, expected);
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw invalid(r, s, "a query or fragment is not allowed");
            }
            String t = uri.toString();
            while (t.endsWith("/")) {
                t = t.substring(0, t.length() - 1);
            }
            return new URI(t);
        } catch (URISyntaxException e) {
            throw invalid(r, s, expected);
        }
    }

    /** A secret sent in an HTTP header: printable ASCII without spaces, never echoed in an error. */
    static String secret(SettingSources r, Setting s) {
        String key = r.value(s).strip();
        if (key.isEmpty()) {
            throw invalid(r, s, "must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                // never echo a key with a stray character: it may be a real secret
                throw new ConfigException("invalid " + s.key() + " (" + r.origin(s)
                        + "): only printable ASCII without spaces is allowed");
            }
        }
        return key;
    }

    /** Longest secret file read: a secret is a line, not a document. */
    static final long MAX_SECRET_FILE_BYTES = 64 * 1024;

    /**
     * The secret held in the file a setting names, as a Kubernetes Secret mounted as files holds it:
     * the whole file, trailing newlines and spaces dropped; then as {@link #secret}. Never echoes the
     * file's content in an error.
     *
     * @return the secret, or null when the setting is empty
     */
    static String secretFromFile(SettingSources r, Setting s) {
        String text = expandPlaceholders(r, s).strip();
        if (text.isEmpty()) {
            return null;
        }
        Path file;
        try {
            file = Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(r, s, "not a valid path: " + e.getReason());
        }
        String content;
        try {
            if (Files.size(file) > MAX_SECRET_FILE_BYTES) {
                throw invalid(r, s, "the file is larger than " + human(MAX_SECRET_FILE_BYTES) + ": not a secret");
            }
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw invalid(r, s, "cannot read the file: " + e);
        }
        String secret = content.strip();
        if (secret.isEmpty()) {
            throw invalid(r, s, "the file is empty");
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw invalid(r, s, "the file must hold one secret: printable ASCII without spaces or line breaks");
            }
        }
        return secret;
    }

    /**
     * The CA certificates of the PEM file a setting names (see {@link PemCertificates}).
     *
     * @return the certificates, or null when the setting is empty
     */
    static List<X509Certificate> caCertificates(SettingSources r, Setting s) {
        String text = expandPlaceholders(r, s).strip();
        if (text.isEmpty()) {
            return null;
        }
        Path file;
        try {
            file = Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(r, s, "not a valid path: " + e.getReason());
        }
        try {
            return PemCertificates.read(file);
        } catch (NoSuchFileException e) {
            throw invalid(r, s, "no such file");
        } catch (AccessDeniedException e) {
            throw invalid(r, s, "cannot read the file: permission denied");
        } catch (IOException | UncheckedIOException e) {
            throw invalid(r, s, "cannot read the file: " + e);
        } catch (IllegalArgumentException e) {
            throw invalid(r, s, e.getMessage());
        }
    }

    /**
     * The proxy to the API: the {@code proxy} setting, {@code off} for none, or when it is empty the
     * environment's {@code https_proxy}/{@code HTTPS_PROXY} for an https {@code apiUrl} and {@code
     * http_proxy}/{@code HTTP_PROXY} for an http one, lower case first.
     *
     * @return the proxy, or null for none
     */
    static ApiProxy proxy(SettingSources r, Setting s, URI apiUrl) {
        String text = r.value(s).strip();
        if (text.equalsIgnoreCase("off")) {
            return null;
        }
        if (!text.isEmpty()) {
            return parseProxy(text, s.key(), r.origin(s));
        }
        boolean https = "https".equalsIgnoreCase(apiUrl.getScheme());
        for (String name : https ? List.of("https_proxy", "HTTPS_PROXY") : List.of("http_proxy", "HTTP_PROXY")) {
            String v = r.proxyEnv(name);
            if (v != null) {
                return parseProxy(
                        v, name, "environment variable " + name + ", as the " + s.key() + " setting is empty");
            }
        }
        return null;
    }

    /**
     * Reads {@code http://[user:password@]host[:port][/]}, or {@code host:port} without a scheme (as
     * many {@code HTTPS_PROXY} values are written). Errors never echo the credentials.
     */
    static ApiProxy parseProxy(String text, String name, String origin) {
        String masked = maskUserInfo(text);
        String expected = "expected http://[user:password@]host:port";
        String t = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new ConfigException("invalid " + name + " '" + masked + "' (" + origin + "): " + expected);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new ConfigException("invalid " + name + " '" + masked + "' (" + origin + "): a " + scheme
                    + " proxy is not supported; " + expected);
        }
        String host = uri.getHost();
        if (host == null
                || (uri.getRawPath() != null
                        && !uri.getRawPath().isEmpty()
                        && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new ConfigException("invalid " + name + " '" + masked + "' (" + origin + "): " + expected);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new ApiProxy(host, uri.getPort() == -1 ? 80 : uri.getPort(), user, password, origin);
    }

    /** {@code http://****@host:port} for {@code http://user:pw@host:port}. */
    static String maskUserInfo(String url) {
        int start = url.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int slash = url.indexOf('/', start);
        int at = url.lastIndexOf('@', slash < 0 ? url.length() : slash);
        return at < start ? url : url.substring(0, start) + "****" + url.substring(at);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The hosts reached without the proxy: the setting, or when it is empty {@code no_proxy}/{@code
     * NO_PROXY}.
     */
    static NoProxy noProxy(SettingSources r, Setting s) {
        String text = r.value(s).strip();
        String origin = r.origin(s);
        if (text.isEmpty()) {
            for (String name : List.of("no_proxy", "NO_PROXY")) {
                String v = r.proxyEnv(name);
                if (v != null) {
                    text = v;
                    origin = "environment variable " + name + ", as the " + s.key() + " setting is empty";
                    break;
                }
            }
        }
        try {
            return NoProxy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid " + s.key() + " '" + text + "' (" + origin + "): " + e.getMessage());
        }
    }

    /** A duration from {@code min} to {@code max}, in any form {@link #parseDuration} reads. */
    static Duration duration(SettingSources r, Setting s, Duration min, Duration max) {
        Duration d = parseDuration(r.value(s))
                .orElseThrow(() -> invalid(r, s, "expected a duration such as 10s, 500ms, 1m or PT10S"));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(r, s, "must be between " + human(min) + " and " + human(max));
        }
        return d;
    }

    /** A host name as the wire takes it; null for an empty text. */
    static String hostname(SettingSources r, Setting s) {
        String h = r.value(s).strip();
        if (h.isEmpty()) {
            return null;
        }
        if (h.length() > HostInfo.MAX_HOSTNAME_LENGTH || !h.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw invalid(
                    r, s, "expected at most " + HostInfo.MAX_HOSTNAME_LENGTH + " printable characters without spaces");
        }
        return h;
    }

    /** A path, after {@code ${system.property}} expansion. */
    static Path path(SettingSources r, Setting s) {
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

    /** A size of at least {@code min} bytes, in any form {@link #parseBytes} reads. */
    static long bytes(SettingSources r, Setting s, long min) {
        long n = parseBytes(r.value(s))
                .orElseThrow(() -> invalid(r, s, "expected a size such as 67108864, 64MiB or 64M"));
        if (n < min) {
            throw invalid(r, s, "must be at least " + human(min));
        }
        return n;
    }

    /** A TCP port, or 0 for none. */
    static int port(SettingSources r, Setting s) {
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

    /** Comma-separated items, stripped; empty ones left out. */
    static List<String> list(SettingSources r, Setting s) {
        List<String> items = new ArrayList<>();
        for (String item : r.value(s).split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return List.copyOf(items);
    }

    /** A regular expression; null for a blank text. */
    static Pattern regex(SettingSources r, Setting s) {
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

    /** {@code true}, {@code yes}, {@code on}, {@code 1} or their opposites, in any case. */
    static boolean bool(SettingSources r, Setting s) {
        return switch (r.value(s).strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(r, s, "expected true or false");
        };
    }

    /** One of {@code keywords} in any case, returned in lower case. */
    static String keyword(SettingSources r, Setting s, List<String> keywords) {
        String lower = r.value(s).strip().toLowerCase(Locale.ROOT);
        if (keywords.contains(lower)) {
            return lower;
        }
        throw invalid(r, s, "expected " + String.join(" or ", keywords));
    }

    /**
     * One of {@code keywords} in any case (returned in lower case), or an http(s) URL (returned as
     * written).
     */
    static String keywordOrUrl(SettingSources r, Setting s, List<String> keywords) {
        String text = r.value(s).strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (keywords.contains(lower)) {
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
        throw invalid(r, s, "expected " + String.join(", ", keywords) + " or an http(s) URL");
    }

    /** A log level: {@code ERROR}, {@code WARN}, {@code DEBUG}, {@code TRACE} or a java.util.logging name. */
    static Level logLevel(SettingSources r, Setting s) {
        String t = r.value(s).strip().toUpperCase(Locale.ROOT);
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
                    throw invalid(r, s, "expected ERROR, WARN, INFO, DEBUG or TRACE");
                }
        }
    }

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
     * The placeholder of the agent's own state directory: {@code /var/lib/procscope-agent} for root
     * (a service on a VM), else under the user's {@code $XDG_STATE_HOME} ({@code
     * ~/.local/state/procscope-agent}). Not {@code java.io.tmpdir}: in a world-writable {@code /tmp}
     * another user could plant reports for the agent to send, or fill its spool.
     */
    static final String STATE_HOME = "procscope.agent.state-home";

    static String stateHome() {
        if ("root".equals(System.getProperty("user.name"))) {
            return "/var/lib/procscope-agent";
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && xdg.startsWith("/")
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("procscope-agent").toString();
    }

    private static String expandPlaceholders(SettingSources r, Setting s) {
        Matcher m = PLACEHOLDER.matcher(r.value(s));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = STATE_HOME.equals(m.group(1)) ? stateHome() : System.getProperty(m.group(1));
            if (v == null) {
                throw invalid(r, s, "no system property '" + m.group(1) + "' to expand");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static ConfigException invalid(SettingSources r, Setting s, String expected) {
        return new ConfigException("invalid " + s.key() + " '" + r.value(s) + "' (" + r.origin(s) + "): " + expected);
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** {@code 64KiB} for 65536: the largest binary unit that divides the count. */
    private static String human(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return bytes + "B";
    }
}
