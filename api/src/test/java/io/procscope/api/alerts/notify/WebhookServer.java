package io.procscope.api.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1, as a test wants it: it answers 500 to the first {@code
 * failures} requests, then 200, and keeps every request it got, in order, with what it answered.
 */
final class WebhookServer implements AutoCloseable {

    /**
     * One request it got.
     *
     * @param body the JSON body
     * @param idempotencyKey the {@code Idempotency-Key} header
     * @param query the request's query, as sent
     * @param status what it answered
     */
    record Received(JsonNode body, String idempotencyKey, String query, int status) {
        long id() {
            return body.path("id").asLong();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;

    private WebhookServer(int failures) throws IOException {
        this.failuresLeft = new AtomicInteger(failures);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** A receiver that fails {@code failures} times, then takes everything. */
    static WebhookServer failingFirst(int failures) throws IOException {
        return new WebhookServer(failures);
    }

    /** Each answer from now on waits this long first: a slow receiver. */
    void delay(long millis) {
        this.delayMillis = millis;
    }

    /** Fails the next {@code n} requests. */
    void failNext(int n) {
        failuresLeft.set(n);
    }

    /** Where it listens, with {@code pathAndQuery} after the port. */
    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
            received.add(new Received(
                    JSON.readTree(body),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestURI().getRawQuery(),
                    status));
            byte[] answer = (status == 200 ? "ok" : "receiver down, token=s3cret").getBytes();
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
