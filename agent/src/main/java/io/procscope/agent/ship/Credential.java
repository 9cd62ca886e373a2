package io.procscope.agent.ship;

/**
 * The credential the API issued to this host at enrollment: a secret bound to one host name, sent
 * as {@code Authorization: Bearer} with every report. {@link #toString()} never shows it.
 *
 * @param hostname the host it is bound to
 * @param token the credential itself ({@code psh_...}); a secret
 * @param enrolledAtMillis when the API issued it, ms since the epoch by the API's clock
 */
public record Credential(String hostname, String token, long enrolledAtMillis) {

    @Override
    public String toString() {
        return "Credential[hostname=" + hostname + ", token=********, enrolledAtMillis=" + enrolledAtMillis + "]";
    }

    /**
     * @param token a credential as read or received
     * @return true when it can go in an HTTP header: printable ASCII without spaces, not empty, at
     *     most 1024 characters
     */
    static boolean isUsable(String token) {
        if (token == null || token.isEmpty() || token.length() > 1024) {
            return false;
        }
        return token.chars().allMatch(c -> c > ' ' && c < 0x7f);
    }
}
