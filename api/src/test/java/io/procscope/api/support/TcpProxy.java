package io.procscope.api.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 that a test can cut and restore, to see what the application does when
 * its database goes away: {@link #stop} refuses new connections and breaks every open one, {@link
 * #start} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private int port;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** The port it listens on; the same across restarts. */
    public synchronized int port() {
        return port;
    }

    /** Listens (again) and pipes each connection to the target. */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        server = socket;
        Sockets.daemon("tcp-proxy-accept", () -> accept(socket));
    }

    /** Stops listening and breaks every connection, as a database that went away does. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        Sockets.closeQuietly(server);
        server = null;
        open.forEach(Sockets::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket target = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(target);
                Sockets.daemon("tcp-proxy-up", () -> Sockets.pipe(client, target, open));
                Sockets.daemon("tcp-proxy-down", () -> Sockets.pipe(target, client, open));
            } catch (IOException e) {
                // closed by stop(), or the target refused: the client sees its connection fail
            }
        }
    }
}
