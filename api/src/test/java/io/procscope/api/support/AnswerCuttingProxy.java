package io.procscope.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 TCP proxy on 127.0.0.1 in front of the test API that can lose the answers of
 * enrollments: for the next {@link #cutEnrollmentAnswers(int) n} connections whose first request
 * is {@code POST /api/v1/enroll}, it forwards the request, waits until the API starts to answer
 * (so it has committed), and closes the connection without passing a byte of the answer on, as a
 * connection dropped after the commit, or a client whose timeout just passed, sees it. Every other
 * connection is piped both ways.
 */
public final class AnswerCuttingProxy implements AutoCloseable {

    private static final byte[] ENROLL = "POST /api/v1/enroll".getBytes(StandardCharsets.US_ASCII);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger toCut = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();

    /** Listens on a free port of 127.0.0.1, piping to {@code targetHost:targetPort}. */
    public AnswerCuttingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Sockets.daemon("cutting-proxy-accept", this::accept);
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Loses the answers of the next {@code n} enrollments, each after the API answered it. */
    public void cutEnrollmentAnswers(int n) {
        toCut.set(n);
    }

    /** How many answers were lost so far. */
    public int answersCut() {
        return cut.get();
    }

    @Override
    public void close() {
        Sockets.closeQuietly(server);
        open.forEach(Sockets::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Sockets.daemon("cutting-proxy-connection", () -> serve(client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket target = new Socket(targetHost, targetPort)) {
            open.add(target);
            InputStream in = client.getInputStream();
            byte[] start = readAtLeast(in, ENROLL.length);
            boolean enrolling = startsWith(start, ENROLL);
            if (enrolling && toCut.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                OutputStream up = target.getOutputStream();
                up.write(start);
                up.flush();
                Sockets.daemon("cutting-proxy-up", () -> Sockets.pipe(client, target, open));
                // the first byte of the answer: the API has committed; the client gets none of it
                int first = target.getInputStream().read();
                if (first >= 0) {
                    cut.incrementAndGet();
                }
                return;
            }
            target.getOutputStream().write(start);
            target.getOutputStream().flush();
            Sockets.daemon("cutting-proxy-up", () -> Sockets.pipe(client, target, open));
            Sockets.pipe(target, client, open);
        } catch (IOException e) {
            // either side closed
        } finally {
            open.remove(client);
        }
    }

    private static byte[] readAtLeast(InputStream in, int n) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        while (read.size() < n) {
            int got = in.read(buffer);
            if (got < 0) {
                break;
            }
            read.write(buffer, 0, got);
        }
        return read.toByteArray();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
