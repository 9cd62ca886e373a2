package io.procscope.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API as agents and a reader see it: reports in, JSON out, each call timed. Each simulated host
 * enrolls once, at its first report, with the enrollment secret the client was given ({@code
 * --key}), and reports with its own credential, as the agent does.
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: its status, its body, its headers and how long it took from send to the last byte. */
    record Answer(int status, byte[] body, long nanos, HttpHeaders headers) {

        /** Its {@code Retry-After} header; null without one. */
        String retryAfter() {
            return headers.firstValue("Retry-After").orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient http;
    private final String base;
    private final String enrollSecret;
    private final Map<String, String> credentials = new ConcurrentHashMap<>();
    private final boolean gzipResponses;
    private final Duration timeout;

    ApiClient(String base, String key, boolean gzipResponses) {
        this(base, key, gzipResponses, Duration.ofSeconds(120));
    }

    /** @param timeout longest wait for one answer, as the agent's {@code timeout} setting */
    ApiClient(String base, String key, boolean gzipResponses, Duration timeout) {
        // Like the agent: HTTP/1.1, kept-alive connections, one per concurrent sender.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .build();
        this.base = base;
        this.enrollSecret = key;
        this.gzipResponses = gzipResponses;
        this.timeout = timeout;
    }

    /**
     * Posts a gzip-compressed report of {@code hostname} as its agent does: with the host's
     * credential, enrolled at its first report.
     */
    Answer postReport(String hostname, byte[] gzippedJson) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/reports"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + credential(hostname))
                .header("User-Agent", "procscope-bench")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzippedJson))
                .build();
        return send(request);
    }

    /**
     * {@code hostname}'s credential, enrolled on first use. An API that knows the hostname already
     * (a database kept from an earlier run) refuses it: start from an empty database, or reset the
     * host.
     */
    String credential(String hostname) throws IOException, InterruptedException {
        String credential = credentials.get(hostname);
        if (credential != null) {
            return credential;
        }
        Answer answer = enroll(hostname);
        if (answer.status() != 201) {
            throw new IOException("Enrolling " + hostname + " failed: HTTP " + answer.status() + " " + answer.text());
        }
        credential = JSON.readTree(answer.body()).path("credential").asText();
        credentials.put(hostname, credential);
        return credential;
    }

    /** Enrolls {@code hostname} with the enrollment secret; the answer, 201 with its credential when it enrolled. */
    Answer enroll(String hostname) throws IOException, InterruptedException {
        // 429 (new-hosts-per-minute) is waited out, as the agent does: a fleet rolls out at that pace.
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/enroll"))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, application/problem+json")
                    .header("Authorization", "Bearer " + enrollSecret)
                    .header("User-Agent", "procscope-bench")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            JSON.writeValueAsString(Map.of("hostname", hostname, "agentVersion", "procscope-bench"))))
                    .build();
            Answer answer = send(request);
            if (answer.status() != 429 || answer.retryAfter() == null) {
                return answer;
            }
            Thread.sleep(Long.parseLong(answer.retryAfter().strip()) * 1000);
        }
    }

    /** Gets a path such as {@code /api/v1/hosts/h1/tree}. */
    Answer get(String path) throws IOException, InterruptedException {
        return get(path, "application/json");
    }

    /** Gets a path, asking for {@code accept}: {@code text/plain} for {@code /q/metrics}. */
    Answer get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", accept)
                .header("User-Agent", "procscope-bench")
                .GET();
        if (gzipResponses) {
            request.header("Accept-Encoding", "gzip");
        }
        return send(request.build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body(), System.nanoTime() - start, response.headers());
    }
}
