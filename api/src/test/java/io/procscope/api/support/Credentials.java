package io.procscope.api.support;

import io.procscope.api.domain.AgentCredential;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Host credentials as the tests need them, written straight to {@code agent_credential}: a host
 * that has enrolled without reporting yet, or a host from before enrollment, which has none.
 */
public final class Credentials {

    /** The enrollment secret the rows say issued them, by the first 12 hex digits of its digest. */
    public static final String ENROLLED_WITH = "0123456789ab";

    /** The agent version the rows say enrolled. */
    public static final String AGENT_VERSION = "0.1.0-test";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {}

    /**
     * Makes sure {@code hostname} holds a credential, as after enrolling at {@code enrolledMillis};
     * one it holds already (its reports enrolled it) stays as it is.
     */
    public static void ensureEnrolled(String hostname, long enrolledMillis) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (AgentCredential.findById(hostname) == null) {
                AgentCredential c = new AgentCredential();
                c.hostname = hostname;
                byte[] digest = new byte[32];
                RANDOM.nextBytes(digest);
                c.digest = HexFormat.of().formatHex(digest);
                c.enrolledMillis = enrolledMillis;
                c.enrolledWith = ENROLLED_WITH;
                c.agentVersion = AGENT_VERSION;
                c.persist();
            }
        });
    }

    /** Takes {@code hostname}'s credential away, as for a host stored before enrollment existed. */
    public static void drop(String hostname) {
        QuarkusTransaction.requiringNew().run(() -> AgentCredential.deleteById(hostname));
    }

    /** The credential {@code hostname} holds now, detached. */
    public static Optional<AgentCredential> of(String hostname) {
        return QuarkusTransaction.requiringNew()
                .call(() -> Optional.ofNullable(AgentCredential.<AgentCredential>findById(hostname)));
    }
}
