package io.procscope.api.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.procscope.api.problem.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides whether a request may read the fleet. With no read key configured every read is
 * allowed, as the embedded default wants; with keys ({@code procscope.read.keys}, {@code
 * procscope.read.keys-file}), a read needs one of them, or an admin key.
 */
@ApplicationScoped
public class ReadAccess {

    /** Counter of refused reads, tagged with the {@code reason}: {@code missing_key} or {@code invalid_key}. */
    static final String REJECTED = "procscope.read.rejected";

    /**
     * The challenges of a 401, Basic first: a browser prompts for Basic, and then sends the same
     * credentials with the page's fetches and its {@code EventSource}.
     */
    static final List<String> CHALLENGES =
            List.of("Basic realm=\"procscope\", charset=\"UTF-8\"", "Bearer realm=\"procscope\"");

    private static final Logger LOG = Logger.getLogger(ReadAccess.class);

    private final KeyDigests keys;
    private final KeyDigests adminKeys;
    private final MeterRegistry registry;

    ReadAccess(ReadAccessConfig config, AdminAccessConfig admin, MeterRegistry registry) {
        this.keys = KeyDigests.of(KeyFiles.keys(config.keys(), config.keysFile(), "procscope.read.keys-file"));
        this.adminKeys = KeyDigests.of(KeyFiles.keys(admin.keys(), admin.keysFile(), "procscope.admin.keys-file"));
        this.registry = registry;
    }

    void announce(@Observes StartupEvent event) {
        if (keys.isEmpty()) {
            LOG.info("Reads are open: anyone who reaches the API can see the fleet. Set PROCSCOPE_READ_KEYS "
                    + "(procscope.read.keys) to require a key for the dashboard, the JSON API and the event stream.");
        } else {
            LOG.infof(
                    "Reads are protected: the dashboard, the JSON API, the event stream and the API documentation "
                            + "need one of %d read key(s), or an admin key (Bearer, or Basic with the key as password).",
                    keys.size());
        }
    }

    /** True when reads need a key. */
    public boolean isProtected() {
        return !keys.isEmpty();
    }

    /**
     * Why a request with this {@code Authorization} header may not read, as the problem to answer;
     * empty when it may.
     */
    public Optional<Problem> refusal(String authorization) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> presented = ReadCredentials.presentedKey(authorization);
        if (presented.isEmpty()) {
            return Optional.of(refuse(
                    "missing_key",
                    "A read key is required: send 'Authorization: Bearer <key>', or HTTP Basic with the key as "
                            + "password."));
        }
        // Both sets, always: the answer takes the same time whichever key, if any, matches.
        boolean readKey = keys.accepts(presented.get());
        boolean adminKey = adminKeys.accepts(presented.get());
        if (!readKey && !adminKey) {
            return Optional.of(refuse("invalid_key", "The read key is not valid."));
        }
        return Optional.empty();
    }

    /** A refusal as a JAX-RS response: 401, problem details and the challenges. */
    static Response toResponse(Problem problem) {
        Response.ResponseBuilder response = Response.fromResponse(problem.toResponse());
        CHALLENGES.forEach(challenge -> response.header("WWW-Authenticate", challenge));
        return response.build();
    }

    private Problem refuse(String reason, String detail) {
        registry.counter(REJECTED, "reason", reason).increment();
        return Problem.of(Response.Status.UNAUTHORIZED, detail);
    }
}
