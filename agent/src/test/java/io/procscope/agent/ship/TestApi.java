package io.procscope.agent.ship;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.procscope.dto.HostReport;
import io.procscope.dto.ReportReceipt;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tiny real HTTP API on 127.0.0.1 standing in for procscope's ingest endpoint: it records every
 * request and answers from a script, 202 with a receipt once the script is used up.
 */
public final class TestApi implements AutoCloseable {

    /** One request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {

        /**
         * @param name header name, any case
         * @return its first value, or null
         */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        /**
         * @return the body as a report
         * @throws IOException when it is not gzip-compressed report JSON
         */
        public HostReport report() throws IOException {
            return ReportJson.fromGzip(body);
        }
    }

    /** A scripted answer. */
    public record Answer(int status, String contentType, String body, Map<String, String> headers, Duration delay) {

        /** @return an answer with this status and body */
        public static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body, Map.of(), Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<HostReport> stored = new CopyOnWriteArrayList<>();
    private final java.util.Set<java.util.UUID> storedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();

    private TestApi(HttpServer server) {
        this.server = server;
    }

    /**
     * @return a started API on a free port of 127.0.0.1
     * @throws IOException when no port is free
     */
    public static TestApi start() throws IOException {
        return start(0);
    }

    /**
     * @param port the port on 127.0.0.1; 0 for a free one
     * @return a started API
     * @throws IOException when the port is taken
     */
    public static TestApi start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        TestApi api = new TestApi(server);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return api;
    }

    /** @return the base URL, for example {@code http://127.0.0.1:41234} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues answers, used one per request before the default 202. */
    public TestApi then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Queues a status with an {@code application/problem+json} body. */
    public TestApi thenProblem(int status, String title, String detail) {
        return then(Answer.of(
                status,
                "application/problem+json",
                "{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}"));
    }

    /**
     * @return this, answering the next request with problem details of {@code type}
     */
    public TestApi thenTypedProblem(int status, String type, String title, String detail) {
        return then(Answer.of(
                status,
                "application/problem+json",
                "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\"}"));
    }

    /**
     * @return the reports stored so far, in order: like the real API, a report whose id was already
     *     stored (a retry after a lost answer) is acknowledged as a duplicate and not stored again
     */
    public List<HostReport> stored() {
        return new ArrayList<>(stored);
    }

    /** @return the requests so far, in order */
    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        requests.add(new Request(
                ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
        Answer answer = script.poll();
        if (answer == null) {
            String id = "00000000-0000-0000-0000-000000000000";
            int processes = 0;
            boolean duplicate = false;
            try {
                HostReport r = ReportJson.fromGzip(body);
                id = r.reportId().toString();
                processes = r.processes().size();
                duplicate = !storedIds.add(r.reportId());
                if (!duplicate) {
                    stored.add(r);
                }
            } catch (IOException e) {
                // not a report: answer anyway
            }
            answer = Answer.of(
                    202,
                    "application/json",
                    ReportJson.mapper()
                            .writeValueAsString(new ReportReceipt(
                                    java.util.UUID.fromString(id), duplicate, duplicate ? 0 : processes)));
        }
        if (!answer.delay().isZero()) {
            try {
                Thread.sleep(answer.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
