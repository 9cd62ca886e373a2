package io.procscope.agent.ship;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
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
import javax.net.ssl.SSLContext;

/**
 * A tiny real HTTP API on 127.0.0.1 standing in for procscope's ingest and enrollment endpoints: it
 * records every request and answers from a script, one per path, then as the real API would.
 *
 * <ul>
 *   <li>{@code POST /api/v1/enroll}: 201 with a fresh {@code psh_} credential bound to the host name,
 *       409 {@code host-enrolled} (or {@code host-revoked}) when the name is bound already, until
 *       {@link #reset(String)}, unless it is a retry with the same {@code enrollmentId} before any
 *       report used the credential (201 with a fresh one that replaces it); 401 when {@link
 *       #requireEnrollSecret(String)} names another secret. {@link #loseEnrollmentAnswers(int)}
 *       stores the next enrollments and breaks their connections without an answer.
 *   <li>{@code POST /api/v1/reports}: 202 with a receipt. A {@code psh_} token must be a credential it
 *       issued (else 401 {@code credential-unknown}), not revoked (401 {@code credential-revoked})
 *       and bound to the report's host (else 403 {@code wrong-host}); other tokens are taken as they
 *       come, for tests of the client alone.
 * </ul>
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
    private final String scheme;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<HostReport> stored = new CopyOnWriteArrayList<>();
    private final java.util.Set<java.util.UUID> storedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Queue<Answer> enrollScript = new ConcurrentLinkedQueue<>();
    private final Map<String, String> credentialOfHost = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> hostOfCredential = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, String> enrollmentIdOfHost = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger answersToLose =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private volatile String enrollSecret;

    private TestApi(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
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
        return serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0), "http");
    }

    /**
     * @param tls the server side of TLS: the certificate (and chain) the API shows, see {@link TestCa}
     * @return a started API speaking https on a free port of 127.0.0.1
     * @throws IOException when no port is free
     */
    public static TestApi startTls(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return serve(server, "https");
    }

    private static TestApi serve(HttpServer server, String scheme) {
        TestApi api = new TestApi(server, scheme);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return api;
    }

    /** @return the base URL, for example {@code http://127.0.0.1:41234} */
    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Queues answers to enrollments, used one per enrollment before the real API's answers. */
    public TestApi thenEnroll(Answer... answers) {
        enrollScript.addAll(List.of(answers));
        return this;
    }

    /** @return this, answering enrollments with another secret 401 */
    public TestApi requireEnrollSecret(String secret) {
        this.enrollSecret = secret;
        return this;
    }

    /** Binds {@code hostname} to a credential this API issued, as another agent's enrollment would. */
    public String enroll(String hostname) {
        byte[] token = new byte[32];
        random.nextBytes(token);
        String credential =
                "psh_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        credentialOfHost.put(hostname, credential);
        hostOfCredential.put(credential, hostname);
        enrollmentIdOfHost.remove(hostname);
        return credential;
    }

    /**
     * Stores the next {@code n} enrollments as usual, then breaks each one's connection without an
     * answer: as when the agent's timeout passed, or the connection dropped, after the API committed.
     */
    public TestApi loseEnrollmentAnswers(int n) {
        answersToLose.set(n);
        return this;
    }

    /**
     * Replaces the credential of {@code hostname} with a fresh one nobody receives, as a late attempt
     * of the same enrollment does when it reaches the API after the attempt whose answer the agent got.
     */
    public void overtake(String hostname) {
        String old = credentialOfHost.get(hostname);
        String enrollmentId = enrollmentIdOfHost.get(hostname);
        hostOfCredential.remove(old);
        enroll(hostname);
        if (enrollmentId != null) {
            enrollmentIdOfHost.put(hostname, enrollmentId);
        }
    }

    /** Revokes the credential of {@code hostname}, as an operator would. */
    public void revoke(String hostname) {
        revoked.add(credentialOfHost.get(hostname));
    }

    /** Deletes the credential of {@code hostname}, as an operator's reset would: it may enroll again. */
    public void reset(String hostname) {
        String credential = credentialOfHost.remove(hostname);
        enrollmentIdOfHost.remove(hostname);
        if (credential != null) {
            hostOfCredential.remove(credential);
            revoked.remove(credential);
        }
    }

    /** Moves the credential of {@code from} to {@code to}, as an operator's rename would. */
    public void rename(String from, String to) {
        String credential = credentialOfHost.remove(from);
        credentialOfHost.put(to, credential);
        hostOfCredential.put(credential, to);
    }

    /** @return the credential bound to {@code hostname}, or null */
    public String credentialOf(String hostname) {
        return credentialOfHost.get(hostname);
    }

    /** @return the enrollment requests so far, in order */
    public List<Request> enrollments() {
        return requests.stream()
                .filter(r -> r.path().equals(EnrollmentClient.ENROLL_PATH))
                .toList();
    }

    /** @return the report requests so far, in order */
    public List<Request> reportRequests() {
        return requests.stream()
                .filter(r -> !r.path().equals(EnrollmentClient.ENROLL_PATH))
                .toList();
    }

    /** Queues answers to reports, used one per report before the default 202. */
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

    /** @return the report requests so far, in order; {@link #enrollments()} lists the others */
    public List<Request> requests() {
        return reportRequests();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Request request = new Request(
                ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body);
        requests.add(request);
        boolean enrolling = request.path().equals(EnrollmentClient.ENROLL_PATH);
        Answer answer = enrolling ? enrollScript.poll() : script.poll();
        if (answer == null && enrolling) {
            answer = enrollment(request);
            if (answer.status() == 201 && answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.close(); // no status line sent: the connection is closed, the agent reads no answer
                return;
            }
        }
        if (answer == null) {
            answer = credentialProblem(request);
        }
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

    private synchronized Answer enrollment(Request r) throws IOException {
        String token = bearer(r);
        if (token == null || (enrollSecret != null && !enrollSecret.equals(token))) {
            return problem(401, "about:blank", "Unauthorized", "unknown enrollment secret");
        }
        Map<String, String> fields = ReportClient.scalarFields(r.body());
        String hostname = fields.get("hostname");
        String enrollmentId = fields.get("enrollmentId");
        String bound = credentialOfHost.get(hostname);
        boolean retry = bound != null
                && enrollmentId != null
                && enrollmentId.equals(enrollmentIdOfHost.get(hostname))
                && !used.contains(bound)
                && !revoked.contains(bound);
        if (retry) {
            hostOfCredential.remove(bound);
        } else if (bound != null) {
            return revoked.contains(bound)
                    ? problem(409, EnrollOutcome.Refused.HOST_REVOKED, "Conflict", "host " + hostname + " is revoked")
                    : problem(
                            409, EnrollOutcome.Refused.HOST_ENROLLED, "Conflict", "host " + hostname + " is enrolled");
        }
        String credential = enroll(hostname);
        if (enrollmentId != null) {
            enrollmentIdOfHost.put(hostname, enrollmentId);
        }
        return Answer.of(
                201,
                "application/json",
                "{\"hostname\":\"" + hostname + "\",\"credential\":\"" + credential + "\",\"enrolledAtMillis\":"
                        + System.currentTimeMillis() + "}");
    }

    private Answer credentialProblem(Request r) {
        String token = bearer(r);
        if (token == null || !token.startsWith("psh_")) {
            return null;
        }
        String host = hostOfCredential.get(token);
        if (host == null) {
            return problem(401, SendOutcome.CredentialRefused.UNKNOWN, "Unauthorized", "no such credential");
        }
        if (revoked.contains(token)) {
            return problem(401, SendOutcome.CredentialRefused.REVOKED, "Unauthorized", "revoked by test-admin");
        }
        used.add(token);
        try {
            String named = r.report().host().hostname();
            if (!host.equals(named)) {
                return problem(
                        403,
                        SendOutcome.CredentialRefused.WRONG_HOST,
                        "Forbidden",
                        "the credential is for host " + host + ", not " + named);
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String bearer(Request r) {
        String auth = r.header("Authorization");
        return auth == null || !auth.startsWith("Bearer ") ? null : auth.substring("Bearer ".length());
    }

    private static Answer problem(int status, String type, String title, String detail) {
        return Answer.of(
                status,
                "application/problem+json",
                "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\"}");
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
