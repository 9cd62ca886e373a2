package io.procscope.api.security;

import io.procscope.api.config.ProcscopeConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The agent API keys the API accepts. Only their SHA-256 digests are kept in memory, and a
 * presented key is compared in constant time against every one, so several keys can be valid
 * while agents are rolled to a new one. A configured entry {@code sha256:<64 hex digits>} is a
 * digest already, so the API's configuration need not hold the key itself (see {@link KeyDigests}).
 */
@ApplicationScoped
public class AgentKeys {

    private static final Logger LOG = Logger.getLogger(AgentKeys.class);

    /** Shorter keys are refused in production: they can be guessed. */
    static final int MIN_PRODUCTION_KEY_LENGTH = 16;

    private final KeyDigests digests;
    private final boolean devKeyInUse;
    private final boolean shortKeyInUse;

    AgentKeys(ProcscopeConfig config) {
        List<String> keys = config.apiKeys().orElse(List.of()).stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .toList();
        this.digests = KeyDigests.of(keys);
        this.devKeyInUse = keys.contains(ProcscopeConfig.DEV_API_KEY);
        this.shortKeyInUse =
                keys.stream().anyMatch(k -> !KeyDigests.isDigest(k) && k.length() < MIN_PRODUCTION_KEY_LENGTH);
    }

    /** Refuses to start production without keys, or with the development key. */
    void checkOnStart(@Observes StartupEvent event) {
        // The production profile, not the launch mode: the embedded default also runs packaged,
        // with the dev profile (./run-local.sh).
        if (ConfigUtils.getProfiles().contains("prod")) {
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
        return digests.accepts(presented);
    }

    /**
     * The SHA-256 digest of {@code presented}, in hex, when it is one of the configured keys; empty
     * otherwise. Takes the same time for any key.
     */
    public Optional<String> matching(String presented) {
        return digests.matching(presented);
    }
}
