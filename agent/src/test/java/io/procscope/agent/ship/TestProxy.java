package io.procscope.agent.ship;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real HTTP proxy on 127.0.0.1, as a corporate egress proxy would be: {@code CONNECT
 * host:port} opens a tunnel (https passes through it untouched, end to end), an absolute-URI request
 * ({@code POST http://host:port/path}) is forwarded. With {@link #requireBasic} it answers 407 with a
 * {@code Basic} challenge until {@code Proxy-Authorization} carries the user and password. It counts
 * what it did, for tests that a call went (or did not go) through it.
 */
public final class TestProxy implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger challenges = new AtomicInteger();
    private volatile String expectedAuthorization;

    private TestProxy(ServerSocket server) {
        this.server = server;
    }

    /**
     * @return a started proxy on a free port of 127.0.0.1
     * @throws IOException when no port is free
     */
    public static TestProxy start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        TestProxy proxy = new TestProxy(s);
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    /**
     * @return this, answering 407 until a request carries {@code Proxy-Authorization: Basic} of these
     */
    public TestProxy requireBasic(String user, String password) {
        expectedAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** @return its URL, {@code http://127.0.0.1:PORT} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** @return the port */
    public int port() {
        return server.getLocalPort();
    }

    /** @return the {@code host:port} of every tunnel opened, in order */
    public List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    /** @return the absolute URIs of the requests forwarded, in order */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    /** @return every {@code Proxy-Authorization} header received */
    public List<String> proxyAuthorizations() {
        return List.copyOf(proxyAuthorizations);
    }

    /** @return how many 407 challenges it sent */
    public int challenges() {
        return challenges.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                Map<String, String> headers = readHeaders(in);
                String[] parts = requestLine.split(" ");
                String auth = headers.get("proxy-authorization");
                if (auth != null) {
                    proxyAuthorizations.add(auth);
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                if (expectedAuthorization != null && !expectedAuthorization.equals(auth)) {
                    challenges.incrementAndGet();
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                                    + "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    continue; // same connection: the client answers the challenge on it
                }
                if (parts[0].equals("CONNECT")) {
                    tunnel(client, parts[1]);
                    return;
                }
                forward(out, parts[0], URI.create(parts[1]), headers, body);
            }
        } catch (IOException e) {
            // a client or upstream that went away: the test sees what arrived
        }
    }

    private void tunnel(Socket client, String target) throws IOException {
        int colon = target.lastIndexOf(':');
        try (Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
            tunnels.add(target);
            client.getOutputStream()
                    .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            var back = threads.submit(() -> pipe(upstream.getInputStream(), client.getOutputStream()));
            pipe(client.getInputStream(), upstream.getOutputStream());
            upstream.shutdownOutput();
            try {
                back.get();
            } catch (Exception e) {
                // the other direction ended first
            }
        }
    }

    private static Void pipe(InputStream from, OutputStream to) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = from.read(buf)) >= 0) {
            to.write(buf, 0, n);
            to.flush();
        }
        return null;
    }

    private void forward(OutputStream out, String method, URI uri, Map<String, String> headers, byte[] body)
            throws IOException {
        forwarded.add(uri.toString());
        try (Socket upstream = new Socket(uri.getHost(), uri.getPort())) {
            StringBuilder req = new StringBuilder();
            req.append(method).append(' ').append(uri.getRawPath()).append(" HTTP/1.1\r\n");
            headers.forEach((k, v) -> {
                if (!k.startsWith("proxy-") && !k.equals("connection")) {
                    req.append(k).append(": ").append(v).append("\r\n");
                }
            });
            req.append("connection: close\r\n\r\n");
            OutputStream up = upstream.getOutputStream();
            up.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.write(body);
            up.flush();
            InputStream upIn = upstream.getInputStream();
            String status = readLine(upIn);
            Map<String, String> rh = readHeaders(upIn);
            byte[] rb = upIn.readNBytes(Integer.parseInt(rh.getOrDefault("content-length", "0")));
            StringBuilder rsp = new StringBuilder(status).append("\r\n");
            rh.forEach((k, v) -> {
                if (!k.equals("connection") && !k.equals("transfer-encoding")) {
                    rsp.append(k).append(": ").append(v).append("\r\n");
                }
            });
            rsp.append("\r\n");
            out.write(rsp.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(rb);
            out.flush();
        }
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return c < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    /** @return a list of what it did, for assertion messages */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        tunnels.forEach(t -> all.add("CONNECT " + t));
        forwarded.forEach(f -> all.add("forward " + f));
        return "TestProxy" + all;
    }
}
