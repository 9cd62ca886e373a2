package io.procscope.api.security;

import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Who made an admin request, as the audit log and {@code revoked_by} name them: {@code sha256:}
 * and the first 12 hex digits of the SHA-256 of the key presented, never the key. Every admin action
 * writes one line to the log category {@value #AUDIT_CATEGORY}, at INFO.
 */
public final class AdminCaller {

    /** The log category of the audit log. */
    public static final String AUDIT_CATEGORY = "procscope.audit";

    /** Who made a request that presented no key: an open API. */
    public static final String ANONYMOUS = "anonymous";

    private static final Logger AUDIT = Logger.getLogger(AUDIT_CATEGORY);

    private AdminCaller() {}

    /** Who the {@code Authorization} header says made the request: {@code sha256:1a2b3c4d5e6f}, or {@value #ANONYMOUS}. */
    public static String of(String authorization) {
        return ReadCredentials.presentedKey(authorization)
                .map(key -> KeyDigests.DIGEST_PREFIX
                        + HexFormat.of().formatHex(KeyDigests.sha256(key)).substring(0, EnrollSecrets.NAME_LENGTH))
                .orElse(ANONYMOUS);
    }

    /**
     * Writes one line to the audit log: {@code admin sha256:1a2b3c4d5e6f from 10.0.0.7 revoked host
     * web-1}.
     *
     * @param who as {@link #of} names them
     * @param from the client's address
     * @param action what was done, for example {@code revoked host web-1}
     */
    public static void audit(String who, String from, String action) {
        AUDIT.infof("admin %s from %s %s", who, from, action);
    }
}
