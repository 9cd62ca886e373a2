package io.procscope.api.security;

import jakarta.enterprise.context.RequestScoped;
import org.jboss.logging.Logger;

/**
 * Who is taking the current {@link AdminAction}, as {@link AdminAccessFilter} found them: the key
 * (by the first 12 hex digits of its SHA-256, never the key) and the address the request came
 * from. Admin actions write what they did to the audit log with it.
 */
@RequestScoped
public class AdminCaller {

    /** The log category of the audit log: every admin action, at INFO. */
    public static final String AUDIT_CATEGORY = "procscope.audit";

    private static final Logger AUDIT = Logger.getLogger(AUDIT_CATEGORY);

    private String keyId;
    private String address;

    void identify(String keyDigestHex, String address) {
        this.keyId = AdminAccess.keyId(keyDigestHex);
        this.address = address;
    }

    /**
     * The caller as the audit log names them, {@code sha256:1a2b3c4d5e6f from 10.0.0.7}: at most
     * 70 characters (an IPv6 address is at most 45).
     *
     * @throws IllegalStateException outside an admin action
     */
    public String who() {
        if (keyId == null) {
            throw new IllegalStateException("Not an admin action: the request did not pass the admin access filter");
        }
        return keyId + " from " + address;
    }

    /**
     * Writes {@code admin <who> <what>} to the audit log, for example {@code admin
     * sha256:1a2b3c4d5e6f from 127.0.0.1 deleted host web-1 (1234 rows)}. Put names in {@code what}
     * through {@link LogText#printable(String)}: a hostname may hold a line break.
     */
    public void audit(String what) {
        AUDIT.infof("admin %s %s", who(), what);
    }
}
