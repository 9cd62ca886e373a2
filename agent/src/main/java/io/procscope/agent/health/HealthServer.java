package io.procscope.agent.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's own endpoints on {@code health-port}, for the DaemonSet's liveness probe and for
 * Prometheus:
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 {@code ok} while a collection succeeded within three intervals,
 *       else 503, so the kubelet restarts an agent whose loop is stuck; 200 {@code degraded: why}
 *       while the API refuses the host's reports for its clock or its credential, which a restart
 *       would not mend;
 *   <li>{@code GET /metrics}: the counters of {@link AgentHealth} in the Prometheus text format.
 * </ul>
 *
 * One thread, the JDK's own HTTP server: nothing else to carry for a probe every 30 s.
 */
public final class HealthServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HealthServer.class.getName());

    private final HttpServer server;
    private final Supplier<AgentHealth> health;

    private HealthServer(HttpServer server, Supplier<AgentHealth> health) {
        this.server = server;
        this.health = health;
    }

    /**
     * Starts serving on every interface.
     *
     * @param port the port; 0 picks a free one (tests)
     * @param health the state to show, read on every request
     * @return the running server
     * @throws IOException when the port cannot be bound
     */
    public static HealthServer start(int port, Supplier<AgentHealth> health) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 8);
        HealthServer hs = new HealthServer(server, health);
        server.createContext("/", hs::handle);
        server.setExecutor(null); // the server's own dispatcher thread answers
        server.start();
        return hs;
    }

    /**
     * @return the bound port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", "method not allowed\n");
                return;
            }
            switch (ex.getRequestURI().getPath()) {
                case "/healthz" -> {
                    AgentHealth h = health.get();
                    send(
                            ex,
                            h.healthy() ? 200 : 503,
                            "text/plain; charset=utf-8",
                            h.healthy()
                                    ? h.degraded() ? "degraded: " + h.degradedReason() + "\n" : "ok\n"
                                    : String.format(
                                            java.util.Locale.ROOT,
                                            "no collection succeeded for %.0f s\n",
                                            h.secondsSinceCollection()));
                }
                case "/metrics" ->
                    send(
                            ex,
                            200,
                            "text/plain; version=0.0.4; charset=utf-8",
                            health.get().toPrometheus());
                default -> send(ex, 404, "text/plain", "not found; try /healthz or /metrics\n");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health endpoint failed: " + e, e);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.stop(0);
    }
}
