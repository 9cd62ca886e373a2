package io.procscope.agent.ship;

import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.config.ApiProxy;
import io.procscope.agent.config.NoProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Which way a call to the API goes: through the {@code proxy} setting's (or the environment's) HTTP
 * proxy, unless {@code no-proxy} (or {@code NO_PROXY}) names the host; directly otherwise. Through a
 * proxy, {@link java.net.HttpURLConnection} sends an http request to it whole and opens an https one
 * as a {@code CONNECT} tunnel, so TLS still runs end to end with the API and is verified as without a
 * proxy. The JVM's own proxy settings ({@code https.proxyHost}, the default selector) play no part.
 */
final class ProxyRoutes extends ProxySelector {

    private final ApiProxy proxy;
    private final NoProxy noProxy;

    /**
     * @param proxy the proxy, or null for none
     * @param noProxy the hosts reached directly anyway
     */
    ProxyRoutes(ApiProxy proxy, NoProxy noProxy) {
        this.proxy = proxy;
        this.noProxy = noProxy;
    }

    /** Direct, always. */
    static final ProxyRoutes DIRECT = new ProxyRoutes(null, NoProxy.NONE);

    @Override
    public List<Proxy> select(URI uri) {
        if (proxy == null || uri.getHost() == null || noProxy.matches(uri.getHost(), AgentConfig.port(uri))) {
            return List.of(Proxy.NO_PROXY);
        }
        // unresolved: the proxy's name is looked up when connecting, so a DNS change is followed
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
    }

    /**
     * @param uri where to
     * @return the proxy a call to it goes through, or null when direct
     */
    ApiProxy proxyFor(URI uri) {
        return select(uri).get(0).type() == Proxy.Type.DIRECT ? null : proxy;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // one proxy, no fallback to try: the caller reports the failure
    }
}
