package io.procscope.agent.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The HTTP proxy the agent reaches the API through: its address, the credentials from the URL's
 * {@code user:password@} if any, and where the setting came from. Never prints the password: {@link
 * #toString()} and {@link #url()} show {@code http://host:port}, marking credentials only as present.
 *
 * @param host the proxy's host name or IP literal (without brackets)
 * @param port its port
 * @param username the user name for {@code Proxy-Authorization: Basic}, or null for none
 * @param password the password, or null for none; a secret
 * @param origin where it came from, for example {@code environment variable HTTPS_PROXY}
 */
public record ApiProxy(String host, int port, String username, String password, String origin) {

    /** Checks the parts. */
    public ApiProxy {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(origin, "origin");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * @return true when the URL named a user, so the proxy's Basic challenge is answered
     */
    public boolean hasCredentials() {
        return username != null;
    }

    /**
     * @return {@code http://host:port}, without credentials: what logs and errors show
     */
    public String url() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "http://" + h + ":" + port;
    }

    /**
     * @return the URL as the setting takes it back, credentials included (percent-encoded); a secret
     */
    String settingText() {
        if (username == null) {
            return url();
        }
        return "http://" + encode(username) + (password == null ? "" : ":" + encode(password)) + "@"
                + url().substring("http://".length());
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    /** {@code http://proxy:3128 (with credentials)}: never the password. */
    @Override
    public String toString() {
        return url() + (username == null ? "" : " (with credentials)");
    }
}
