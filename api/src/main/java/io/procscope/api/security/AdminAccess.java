package io.procscope.api.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.problem.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides who may take an {@link AdminAction}: with admin keys configured ({@code
 * procscope.admin.keys}, {@code procscope.admin.keys-file}), one of them; else, with read keys, a
 * read key; with neither, nobody, since an open API cannot tell an operator from anyone else who
 * reaches it.
 */
@ApplicationScoped
public class AdminAccess {

    /** Who may act, as configured. */
    public enum Mode {
        /** Admin keys are set: only they act. */
        ADMIN_KEYS,
        /** No admin key, but read keys: whoever may read may act. */
        READ_KEYS,
        /** Neither: admin actions are refused. */
        OFF
    }

    /** Problem type of the refusal while admin actions are off. */
    public static final String OFF_TYPE = "urn:procscope:problem:admin-off";

    /** The detail of that refusal. */
    public static final String OFF_DETAIL = "admin actions are off on an open API: set procscope.admin.keys";

    /** Counter of refused admin actions, tagged with the {@code reason}: {@code off}, {@code missing_key}, {@code invalid_key}. */
    static final String REJECTED = "procscope.admin.rejected";

    /** Hex digits of a key's digest that name it in the audit log: enough to tell keys apart, useless to guess one. */
    static final int KEY_ID_HEX = 12;

    private static final Logger LOG = Logger.getLogger(AdminAccess.class);

    private final KeyDigests adminKeys;
    private final KeyDigests readKeys;
    private final Mode mode;
    private final MeterRegistry registry;

    @Inject
    AdminAccess(AdminAccessConfig admin, ReadAccessConfig read, MeterRegistry registry) {
        this(
                KeyFiles.keys(admin.keys(), admin.keysFile(), "procscope.admin.keys-file"),
                KeyFiles.keys(read.keys(), read.keysFile(), "procscope.read.keys-file"),
                registry);
    }

    /** From the keys themselves: admin keys, then read keys, each a key or {@code sha256:<hex>}. */
    AdminAccess(List<String> adminKeys, List<String> readKeys, MeterRegistry registry) {
        this.adminKeys = KeyDigests.of(adminKeys);
        this.readKeys = KeyDigests.of(readKeys);
        this.mode = !this.adminKeys.isEmpty() ? Mode.ADMIN_KEYS : !this.readKeys.isEmpty() ? Mode.READ_KEYS : Mode.OFF;
        this.registry = registry;
    }

    void announce(@Observes StartupEvent event) {
        switch (mode) {
            case ADMIN_KEYS ->
                LOG.infof(
                        "Admin actions (revoke, reset, rename and delete hosts) need one of %d admin key(s).",
                        adminKeys.size());
            case READ_KEYS ->
                LOG.info("Admin actions (revoke, reset, rename and delete hosts) take a read key: no admin key "
                        + "is set. Set PROCSCOPE_ADMIN_KEYS (procscope.admin.keys) to keep them to operators.");
            case OFF ->
                LOG.info("Admin actions (revoke, reset, rename and delete hosts) are off: reads are open. Set "
                        + "PROCSCOPE_ADMIN_KEYS (procscope.admin.keys) to turn them on.");
        }
    }

    /** Who may act now. */
    public Mode mode() {
        return mode;
    }

    /**
     * The outcome of an admin action made with this {@code Authorization} header (Bearer, or Basic
     * with the key as password).
     */
    public Decision decide(String authorization) {
        if (mode == Mode.OFF) {
            return count(Decision.refused(
                    "off",
                    new Problem(
                            OFF_TYPE,
                            "Admin actions are off",
                            Response.Status.FORBIDDEN.getStatusCode(),
                            OFF_DETAIL,
                            List.of())));
        }
        KeyDigests keys = mode == Mode.ADMIN_KEYS ? adminKeys : readKeys;
        String kind = mode == Mode.ADMIN_KEYS ? "an admin key" : "a read key";
        Optional<String> presented = ReadCredentials.presentedKey(authorization);
        if (presented.isEmpty()) {
            return count(Decision.refused(
                    "missing_key",
                    Problem.of(
                            Response.Status.UNAUTHORIZED,
                            "Admin actions need " + kind + ": send 'Authorization: Bearer <key>', or HTTP Basic "
                                    + "with the key as password.")));
        }
        Optional<String> digest = keys.matching(presented.get());
        if (digest.isEmpty()) {
            boolean readKey = mode == Mode.ADMIN_KEYS && readKeys.accepts(presented.get());
            return count(Decision.refused(
                    "invalid_key",
                    Problem.of(
                            Response.Status.UNAUTHORIZED,
                            readKey
                                    ? "Admin actions need an admin key (procscope.admin.keys); this key may only read."
                                    : "The key is not " + kind + ".")));
        }
        return Decision.allowed(digest.get());
    }

    /**
     * A refusal as a JAX-RS response: 401 with the challenges of {@link ReadAccess} (Basic first, so
     * that a browser prompts for the admin key), 403 while admin actions are off.
     */
    public static Response toResponse(Decision decision) {
        Problem refusal = decision.refusal();
        return refusal.status() == Response.Status.UNAUTHORIZED.getStatusCode()
                ? ReadAccess.toResponse(refusal)
                : refusal.toResponse();
    }

    private Decision count(Decision decision) {
        registry.counter(REJECTED, "reason", decision.reason()).increment();
        return decision;
    }

    /** The name a key goes by in the audit log: {@code sha256:} and the first 12 hex digits of its digest. */
    static String keyId(String keyDigestHex) {
        return KeyDigests.DIGEST_PREFIX + keyDigestHex.substring(0, KEY_ID_HEX);
    }

    /**
     * Whether an admin action may go ahead.
     *
     * @param keyDigest the SHA-256 of the key it was made with, hex, when allowed; null when refused
     * @param refusal what to answer, when refused; null when allowed
     * @param reason why it was refused, as the counter tags it; null when allowed
     */
    public record Decision(String keyDigest, Problem refusal, String reason) {

        static Decision allowed(String keyDigest) {
            return new Decision(keyDigest, null, null);
        }

        static Decision refused(String reason, Problem refusal) {
            return new Decision(null, refusal, reason);
        }

        public boolean isAllowed() {
            return refusal == null;
        }
    }
}
