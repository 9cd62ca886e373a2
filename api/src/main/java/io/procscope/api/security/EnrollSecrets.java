package io.procscope.api.security;

import io.procscope.api.config.ProcscopeConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The fleet's enrollment secrets, which an agent enrolls its host with ({@code POST
 * /api/v1/enroll}): {@code procscope.enroll-secrets}, {@code procscope.enroll-secrets-file} and the
 * deprecated {@code procscope.api-keys}. Only their SHA-256 digests are kept in memory, and a
 * presented secret is compared in constant time against every one, so several can be valid while
 * the secret is rotated. A configured entry {@code sha256:<64 hex digits>} is a digest already, so
 * the API's configuration need not hold the secret itself (see {@link KeyDigests}).
 */
@ApplicationScoped
public class EnrollSecrets {

    private static final Logger LOG = Logger.getLogger(EnrollSecrets.class);

    /** Shorter secrets are refused in production: they can be guessed. */
    static final int MIN_PRODUCTION_SECRET_LENGTH = 16;

    /** How many hex digits of a secret's digest name it, in the host list and the audit log. */
    public static final int NAME_LENGTH = 12;

    private volatile Loaded loaded;
    private final boolean apiKeysInUse;

    /** The secrets, as configured. */
    record Loaded(KeyDigests digests, boolean devSecretInUse, boolean shortSecretInUse) {

        static Loaded of(List<String> secrets) {
            return new Loaded(
                    KeyDigests.of(secrets),
                    secrets.contains(ProcscopeConfig.DEV_ENROLL_SECRET),
                    secrets.stream()
                            .anyMatch(s -> !KeyDigests.isDigest(s) && s.length() < MIN_PRODUCTION_SECRET_LENGTH));
        }
    }

    @Inject
    @SuppressWarnings("deprecation") // procscope.api-keys is read as the alias it now is
    EnrollSecrets(ProcscopeConfig config) {
        this(config.enrollSecrets(), config.enrollSecretsFile(), config.apiKeys());
    }

    EnrollSecrets(Optional<List<String>> secrets, Optional<Path> file, Optional<List<String>> apiKeys) {
        this.loaded = Loaded.of(secrets(secrets, file, apiKeys));
        this.apiKeysInUse =
                apiKeys.map(keys -> keys.stream().anyMatch(k -> !k.isBlank())).orElse(false);
    }

    /**
     * True for the profiles that serve the network and so refuse to start without secrets of their
     * own: {@code prod} and {@code embedded} (the single-container image), not {@code dev} or
     * {@code test}.
     */
    static boolean holdsToProductionSecrets(List<String> profiles) {
        return profiles.contains("prod") || profiles.contains("embedded");
    }

    /** The secrets of every setting, inline ones first, blanks dropped. */
    static List<String> secrets(Optional<List<String>> secrets, Optional<Path> file, Optional<List<String>> apiKeys) {
        List<String> inline = new ArrayList<>(secrets.orElse(List.of()));
        inline.addAll(apiKeys.orElse(List.of()));
        return KeyFiles.keys(Optional.of(inline), file, "procscope.enroll-secrets-file");
    }

    /** Refuses to start production without secrets, with the development one or with a short one. */
    void checkOnStart(@Observes StartupEvent event) {
        Loaded secrets = loaded;
        // The profile, not the launch mode: the embedded default also runs packaged, with the dev
        // profile (./run-local.sh), on this machine only. The embedded image listens on the network
        // like production does, so it is held to the same secrets.
        if (holdsToProductionSecrets(ConfigUtils.getProfiles())) {
            if (secrets.digests().isEmpty()) {
                throw new IllegalStateException("No enrollment secret is configured. Set PROCSCOPE_ENROLL_SECRETS "
                        + "(procscope.enroll-secrets) to one or more comma-separated secrets of at least "
                        + MIN_PRODUCTION_SECRET_LENGTH
                        + " characters, or PROCSCOPE_ENROLL_SECRETS_FILE to a file of them.");
            }
            if (secrets.devSecretInUse()) {
                throw new IllegalStateException("The development enrollment secret '"
                        + ProcscopeConfig.DEV_ENROLL_SECRET
                        + "' is configured in production. Set PROCSCOPE_ENROLL_SECRETS to secrets of your own.");
            }
            if (secrets.shortSecretInUse()) {
                throw new IllegalStateException("An enrollment secret is shorter than " + MIN_PRODUCTION_SECRET_LENGTH
                        + " characters: it can be guessed. Use long random secrets (openssl rand -hex 24).");
            }
        }
        if (apiKeysInUse) {
            LOG.warn("procscope.api-keys (PROCSCOPE_API_KEYS) is deprecated: its keys are taken as enrollment "
                    + "secrets. Agents enroll with one and then report with their host's own credential. Rename "
                    + "the setting to procscope.enroll-secrets (PROCSCOPE_ENROLL_SECRETS).");
        }
        if (secrets.devSecretInUse()) {
            LOG.warnf(
                    "Accepting the development enrollment secret '%s'. It is public: never use it outside this"
                            + " machine.",
                    ProcscopeConfig.DEV_ENROLL_SECRET);
        }
    }

    /** True when {@code presented} is one of the secrets. Takes the same time for any secret. */
    public boolean accepts(String presented) {
        return loaded.digests().accepts(presented);
    }

    /**
     * The SHA-256 digest of {@code presented}, in hex, when it is one of the secrets; empty
     * otherwise. Takes the same time for any secret.
     */
    public Optional<String> matching(String presented) {
        return loaded.digests().matching(presented);
    }

    /**
     * Replaces the secrets, as an operator rotating them and restarting the API would: for the tests
     * of rotation, which cannot restart the application.
     */
    void rotateTo(List<String> secrets) {
        loaded = Loaded.of(secrets);
    }
}
