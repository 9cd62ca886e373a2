package io.procscope.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The API as an agent and a reader see it: reports in, JSON out, each call timed. */
final class ApiClient {

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
    private final String authorization;
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
        this.authorization = "Bearer " + key;
        this.gzipResponses = gzipResponses;
        this.timeout = timeout;
    }

    /** Posts a gzip-compressed report as the agent does. */
    Answer postReport(byte[] gzippedJson) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/reports"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", authorization)
                .header("User-Agent", "procscope-bench")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzippedJson))
                .build();
        return send(request);
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
