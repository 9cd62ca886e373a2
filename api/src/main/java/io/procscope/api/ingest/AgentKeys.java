package io.procscope.api.ingest;

import io.procscope.api.config.ProcscopeConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The agent API keys the API accepts. Only their SHA-256 digests are kept in memory, and a
 * presented key is compared in constant time against every one, so several keys can be valid
 * while agents are rolled to a new one. A configured entry {@code sha256:<64 hex digits>} is a
 * digest already, so the API's configuration need not hold the key itself:
 * {@code printf %s "$KEY" | sha256sum}.
 */
@ApplicationScoped
public class AgentKeys {

    private static final Logger LOG = Logger.getLogger(AgentKeys.class);

    /** Shorter keys are refused in production: they can be guessed. */
    static final int MIN_PRODUCTION_KEY_LENGTH = 16;

    /** Marks a configured entry that is the digest of a key rather than the key. */
    static final String DIGEST_PREFIX = "sha256:";

    private final List<byte[]> digests;
    private final boolean devKeyInUse;
    private final boolean shortKeyInUse;

    AgentKeys(ProcscopeConfig config) {
        List<String> keys = config.apiKeys().orElse(List.of()).stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .toList();
        this.digests = keys.stream().map(AgentKeys::digestOf).toList();
        this.devKeyInUse = keys.contains(ProcscopeConfig.DEV_API_KEY);
        this.shortKeyInUse = keys.stream()
                .anyMatch(k -> !k.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length())
                        && k.length() < MIN_PRODUCTION_KEY_LENGTH);
    }

    /** Refuses to start production without keys, or with the development key. */
    void checkOnStart(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            if (digests.isEmpty()) {
                throw new IllegalStateException("No agent API keys are configured. Set PROCSCOPE_API_KEYS "
                        + "(procscope.api-keys) to one or more comma-separated keys of at least "
                        + MIN_PRODUCTION_KEY_LENGTH + " characters.");
            }
            if (devKeyInUse) {
                throw new IllegalStateException("The development API key '" + ProcscopeConfig.DEV_API_KEY
                        + "' is configured in production. Set PROCSCOPE_API_KEYS to keys of your own.");
            }
            if (shortKeyInUse) {
                throw new IllegalStateException("An agent API key is shorter than " + MIN_PRODUCTION_KEY_LENGTH
                        + " characters: it can be guessed. Use long random keys (openssl rand -hex 24).");
            }
        }
        if (devKeyInUse) {
            LOG.warnf(
                    "Accepting the development API key '%s'. It is public: never use it outside this machine.",
                    ProcscopeConfig.DEV_API_KEY);
        }
    }

    /** True when {@code presented} is one of the configured keys. Takes the same time for any key. */
    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] known : digests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        return match;
    }

    /** The digest a configured entry stands for: given as {@code sha256:<hex>}, or of the key itself. */
    static byte[] digestOf(String entry) {
        if (entry.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length())) {
            String hex = entry.substring(DIGEST_PREFIX.length());
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException(
                        "An API key given as " + DIGEST_PREFIX + " needs 64 hex digits (a SHA-256 digest).");
            }
            return java.util.HexFormat.of().parseHex(hex);
        }
        return sha256(entry);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
