package io.procscope.agent.ship;

import com.fasterxml.jackson.core.JsonGenerator;
import io.procscope.agent.config.AgentConfig;
import io.procscope.dto.EnrollRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Enrolls the host: {@code POST {api-url}/api/v1/enroll} with the fleet's enrollment secret as a
 * bearer token and an {@link EnrollRequest} as JSON, its enrollment id included; the answer's credential is what reports are then
 * sent with. Every answer, and every failure to get one, becomes an {@link EnrollOutcome}; nothing is
 * thrown, and neither the secret nor the credential ever appears in an outcome's text. Thread-safe.
 */
final class EnrollmentClient {

    /** The enrollment path under the API's base URL. */
    static final String ENROLL_PATH = "/api/v1/enroll";

    private final URI endpoint;
    private final URL url;
    private final String secret;
    private final ApiTransport transport;
    private final String agentVersion;

    /**
     * A client without a proxy, trusting the JDK's CAs.
     *
     * @param apiUrl the API's base URL
     * @param secret the enrollment secret; never logged
     * @param timeout connect and request timeout
     * @param agentVersion sent in the request and in {@code User-Agent}
     */
    EnrollmentClient(URI apiUrl, String secret, Duration timeout, String agentVersion) {
        this(ApiTransport.direct(apiUrl, timeout, agentVersion), secret, agentVersion);
    }

    /**
     * @param transport how calls reach the API
     * @param secret the enrollment secret; never logged
     * @param agentVersion sent in the request
     */
    EnrollmentClient(ApiTransport transport, String secret, String agentVersion) {
        this.endpoint = ReportClient.endpoint(transport.apiUrl(), ENROLL_PATH);
        this.url = ReportClient.toUrl(endpoint);
        this.secret = secret;
        this.transport = transport;
        this.agentVersion = agentVersion;
    }

    /**
     * @param config the settings: the enrollment secret
     * @param transport how calls reach the API, shared with the report client
     * @param agentVersion the agent's version
     * @return a client
     */
    static EnrollmentClient of(AgentConfig config, ApiTransport transport, String agentVersion) {
        return new EnrollmentClient(transport, config.enrollSecret(), agentVersion);
    }

    /**
     * @return the URL enrollments are posted to
     */
    URI endpoint() {
        return endpoint;
    }

    /**
     * Asks the API for a credential bound to {@code hostname}.
     *
     * @param hostname the host's name, as its reports name it
     * @param enrollmentId the id of this enrollment, the same for each of its attempts; null to send
     *     none, as agents before it did
     * @return what became of it
     */
    EnrollOutcome enroll(String hostname, String enrollmentId) {
        try {
            ReportClient.Answer a = transport.post(url, request(hostname, enrollmentId), false, secret);
            return outcomeOf(hostname, a.status(), a.body(), a.retryAfter());
        } catch (ApiTransport.TlsFailure e) {
            return new EnrollOutcome.Failed(0, e.getMessage(), Optional.empty(), true);
        } catch (SocketTimeoutException e) {
            return new EnrollOutcome.Failed(
                    0,
                    "no answer from " + endpoint + transport.route(endpoint) + " within "
                            + transport.timeout().toMillis() + " ms",
                    Optional.empty());
        } catch (IOException e) {
            return new EnrollOutcome.Failed(
                    0,
                    "cannot reach " + endpoint + transport.route(endpoint) + ": " + ReportClient.describe(e),
                    Optional.empty());
        }
    }

    /**
     * Classifies an answer.
     *
     * @param hostname the host that asked
     * @param status HTTP status
     * @param body response body, possibly empty
     * @param retryAfter the {@code Retry-After} header, if any
     * @return the outcome
     */
    static EnrollOutcome outcomeOf(String hostname, int status, byte[] body, Optional<String> retryAfter) {
        if (status >= 200 && status < 300) {
            Map<String, String> fields;
            try {
                fields = ReportClient.scalarFields(body);
            } catch (IOException e) {
                return new EnrollOutcome.Failed(
                        status, status + " from " + ENROLL_PATH + " without a credential", Optional.empty());
            }
            String token = fields.get("credential");
            String boundTo = fields.getOrDefault("hostname", hostname);
            if (!Credential.isUsable(token)) {
                return new EnrollOutcome.Failed(
                        status, status + " from " + ENROLL_PATH + " without a usable credential", Optional.empty());
            }
            if (!boundTo.equals(hostname)) {
                return new EnrollOutcome.Failed(
                        status,
                        "the API enrolled host '" + boundTo + "', not '" + hostname + "' as asked",
                        Optional.empty());
            }
            long at;
            try {
                at = Long.parseLong(fields.getOrDefault("enrolledAtMillis", "0"));
            } catch (NumberFormatException e) {
                at = 0;
            }
            return new EnrollOutcome.Enrolled(new Credential(hostname, token, at));
        }
        if (status == 407) {
            return new EnrollOutcome.Failed(status, ReportClient.PROXY_REFUSED, Optional.empty());
        }
        ReportClient.Problem p = ReportClient.problemOf(status, body);
        if (status == 408 || status == 429 || status >= 500) {
            return new EnrollOutcome.Failed(
                    status,
                    status + " " + p.title() + ReportClient.suffix(p.detail()),
                    retryAfter.flatMap(h -> ReportClient.retryAfter(h, Instant.now())));
        }
        if (status < 400 || status == 404 || status == 405) {
            // not a procscope API, or one older than enrollment: it may be upgraded; keep trying
            return new EnrollOutcome.Failed(
                    status,
                    status + " " + p.title() + " from " + ENROLL_PATH
                            + " (check api-url; an API older than host enrollment has no such endpoint)"
                            + ReportClient.suffix(p.detail()),
                    Optional.empty());
        }
        return new EnrollOutcome.Refused(status, p.type(), p.title(), p.detail());
    }

    private byte[] request(String hostname, String enrollmentId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = ReportWriter.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("hostname", hostname);
            String version = agentVersion.length() > EnrollRequest.MAX_AGENT_VERSION_LENGTH
                    ? agentVersion.substring(0, EnrollRequest.MAX_AGENT_VERSION_LENGTH)
                    : agentVersion;
            g.writeStringField("agentVersion", version);
            if (enrollmentId != null) {
                g.writeStringField("enrollmentId", enrollmentId);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: does not happen
        }
        return out.toByteArray();
    }
}
