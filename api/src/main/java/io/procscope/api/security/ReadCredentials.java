package io.procscope.api.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the key out of an {@code Authorization} header: a bearer token, or the password of HTTP
 * Basic, whatever the user name, because browsers only prompt for Basic and then send it with every
 * request of the page, {@code EventSource} included.
 */
public final class ReadCredentials {

    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private ReadCredentials() {}

    /** The key the header presents; empty when there is no header or it is not Bearer or Basic. */
    public static Optional<String> presentedKey(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String header = authorization.strip();
        if (startsWithIgnoreCase(header, BEARER)) {
            return nonEmpty(header.substring(BEARER.length()).strip());
        }
        if (startsWithIgnoreCase(header, BASIC)) {
            return basicPassword(header.substring(BASIC.length()).strip());
        }
        return Optional.empty();
    }

    private static Optional<String> basicPassword(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty() : nonEmpty(decoded.substring(colon + 1));
    }

    private static boolean startsWithIgnoreCase(String header, String scheme) {
        return header.regionMatches(true, 0, scheme, 0, scheme.length());
    }

    private static Optional<String> nonEmpty(String key) {
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
