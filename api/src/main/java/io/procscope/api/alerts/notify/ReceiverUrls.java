package io.procscope.api.alerts.notify;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A receiver's URL as it may be shown, and its credentials as a header. Receiver URLs carry
 * secrets: a password before the host, a token in the query, or the whole path (Slack's {@code
 * /services/T…/B…/secret}, Discord's {@code /api/webhooks/id/token}). Logs, errors and metrics only
 * ever see {@link #redact}: scheme, host, port and the path's first segment.
 */
public final class ReceiverUrls {

    static final String ELLIPSIS = "…";

    private ReceiverUrls() {}

    /**
     * {@code url} without its user info, query, fragment or any path past the first segment: {@code
     * https://user:pw@hooks.example.com/services/T1/B2/x?token=y} becomes {@code
     * https://hooks.example.com/services/…}.
     */
    public static String redact(URI url) {
        if (url == null) {
            return "(none)";
        }
        if (url.getHost() == null) {
            // Not hierarchical, or no host: nothing in it is safe to show but the scheme.
            return (url.getScheme() == null ? "" : url.getScheme() + ":") + ELLIPSIS;
        }
        StringBuilder shown = new StringBuilder();
        shown.append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            shown.append(':').append(url.getPort());
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (!first.isEmpty()) {
            shown.append('/').append(first);
        }
        boolean cut = (slash >= 0 && slash < rest.length() - 1)
                || url.getRawQuery() != null
                || url.getRawFragment() != null
                || url.getRawUserInfo() != null;
        if (cut) {
            shown.append('/').append(ELLIPSIS);
        }
        return shown.toString();
    }

    /**
     * {@code text} (an exception's message, a receiver's answer) with every secret part of {@code
     * url} replaced by {@value #ELLIPSIS}: the URL itself, its user info, query and path.
     */
    public static String scrub(String text, URI url) {
        if (text == null || url == null) {
            return text;
        }
        String scrubbed = text;
        for (String secret : new String[] {
            url.toString(), url.getRawUserInfo(), url.getUserInfo(), url.getRawQuery(), url.getQuery(), url.getRawPath()
        }) {
            if (secret != null && secret.length() > 1) {
                scrubbed = scrubbed.replace(secret, ELLIPSIS);
            }
        }
        return scrubbed;
    }

    /** {@code url} without its user info, which HTTP sends as a header instead; the rest as it was. */
    static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        StringBuilder rest = new StringBuilder();
        rest.append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            rest.append(':').append(url.getPort());
        }
        rest.append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            rest.append('?').append(url.getRawQuery());
        }
        if (url.getRawFragment() != null) {
            rest.append('#').append(url.getRawFragment());
        }
        return URI.create(rest.toString());
    }

    /** {@code Basic …} for the URL's {@code user:password}, if it has any. */
    static Optional<String> basicAuthorization(URI url) {
        String userInfo = url.getRawUserInfo();
        if (userInfo == null) {
            return Optional.empty();
        }
        String decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)));
    }
}
