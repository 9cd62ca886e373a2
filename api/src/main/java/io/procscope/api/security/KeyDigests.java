package io.procscope.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A set of secret keys held as SHA-256 digests only. A presented key is compared in constant time
 * against every digest, so the answer takes the same time whichever key, if any, it matches, and
 * several keys can be valid at once while clients are rolled to a new one. A configured entry
 * {@code sha256:<64 hex digits>} is a key's digest already, so configuration need not hold the key:
 * {@code printf %s "$KEY" | sha256sum}.
 */
public final class KeyDigests {

    /** Marks a configured entry that is the digest of a key rather than the key. */
    public static final String DIGEST_PREFIX = "sha256:";

    private final List<byte[]> digests;

    private KeyDigests(List<byte[]> digests) {
        this.digests = digests;
    }

    /**
     * The digests of {@code keys}, each stripped of surrounding blanks; blank keys are dropped, and
     * {@code sha256:} entries are taken as digests.
     */
    public static KeyDigests of(Collection<String> keys) {
        return new KeyDigests(keys.stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .distinct()
                .map(KeyDigests::digestOf)
                .toList());
    }

    /** True when a configured entry is a digest, not a key. */
    public static boolean isDigest(String entry) {
        return entry.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length());
    }

    /** The digest a configured entry stands for: given as {@code sha256:<hex>}, or of the key itself. */
    static byte[] digestOf(String entry) {
        if (isDigest(entry)) {
            String hex = entry.substring(DIGEST_PREFIX.length());
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException(
                        "A key given as " + DIGEST_PREFIX + " needs 64 hex digits (a SHA-256 digest).");
            }
            return HexFormat.of().parseHex(hex);
        }
        return sha256(entry);
    }

    /** True when no key is configured. */
    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** How many distinct keys are configured. */
    public int size() {
        return digests.size();
    }

    /** True when {@code presented} is one of the keys. Takes the same time for any key. */
    public boolean accepts(String presented) {
        return matching(presented).isPresent();
    }

    /**
     * The digest of {@code presented}, in hex, when it is one of the keys: which key a request was
     * made with, without holding the key. Takes the same time for any key.
     */
    public Optional<String> matching(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        return match ? Optional.of(HexFormat.of().formatHex(digest)) : Optional.empty();
    }

    /** The SHA-256 digest of a key's UTF-8 bytes. */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
