package io.procscope.api.alerts.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts notifications with the JDK's HTTP client: timeouts on connecting and on the answer, no
 * redirects followed (a redirect could carry the body, and the receiver's credentials, elsewhere).
 * Any 2xx answer is a delivery; anything else, or no answer, a failure to retry.
 */
@ApplicationScoped
class NotificationSender {

    /** Of a refusing receiver's answer, this much is kept as the error. */
    static final int ANSWER_KEPT = 200;

    /**
     * What one attempt came to.
     *
     * @param delivered true for a 2xx answer
     * @param error for a failure, what happened, with nothing secret of the URL in it; else null
     */
    record Outcome(boolean delivered, String error) {
        static final Outcome DELIVERED = new Outcome(true, null);
    }

    private final HttpClient client;
    private final Duration requestTimeout;
    private final ObjectMapper mapper;

    NotificationSender(DeliveryConfig config, ObjectMapper mapper) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = config.requestTimeout();
        this.mapper = mapper;
    }

    /** Posts {@code n} to {@code receiver}, at {@code nowMillis}; never throws for the receiver's sake. */
    Outcome send(Receiver receiver, Notification n, long nowMillis) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(receiver.body(n, nowMillis));
        } catch (JsonProcessingException e) {
            return new Outcome(false, "Cannot write the body: " + e.getOriginalMessage());
        }
        URI endpoint = receiver.endpoint();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "procscope-alerts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (receiver.authorization() != null) {
            request.header("Authorization", receiver.authorization());
        }
        receiver.headers(n).forEach(request::header);
        try {
            HttpResponse<InputStream> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = answer.body()) {
                if (answer.statusCode() / 100 == 2) {
                    return Outcome.DELIVERED;
                }
                String said = new String(in.readNBytes(ANSWER_KEPT), StandardCharsets.UTF_8);
                return new Outcome(false, "HTTP " + answer.statusCode() + shown(said, receiver, endpoint));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        } catch (IOException | RuntimeException e) {
            return new Outcome(false, e.getClass().getSimpleName() + shown(e.getMessage(), receiver, endpoint));
        }
    }

    /** {@code ": " + text} scrubbed of the receiver's URL and of control characters, or "". */
    private static String shown(String text, Receiver receiver, URI endpoint) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String scrubbed = ReceiverUrls.scrub(ReceiverUrls.scrub(text, receiver.url()), endpoint);
        return ": " + scrubbed.strip().replaceAll("\\p{Cntrl}+", " ");
    }
}
