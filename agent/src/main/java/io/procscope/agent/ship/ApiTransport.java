package io.procscope.agent.ship;

import io.procscope.agent.config.AgentConfig;
import io.procscope.agent.config.ApiProxy;
import io.procscope.agent.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * How the agent's calls reach the API: over http, or https verified against {@code ca-file}'s CAs
 * (else the JDK's), directly or through the proxy {@link ProxyRoutes} picks. One per agent, shared by
 * the report and enrollment clients, so that what it says of TLS holds for both.
 *
 * <p>TLS fails closed: a certificate that is not signed by a trusted CA, not issued for the API's
 * host or out of its validity ends the call before anything is sent. The state is logged once when
 * it changes (the first failure, another reason, verified again), with the API's URL and the reason,
 * never a secret; while it lasts, {@link #tlsProblem()} says why for {@code /healthz}, and reports
 * wait in the spool.
 *
 * <p>A proxy's {@code user:password@} answers its {@code Basic} challenge; the password is never
 * logged. Thread-safe.
 */
public final class ApiTransport {

    private static final Logger LOG = Logger.getLogger(ApiTransport.class.getName());

    /**
     * The JDK property listing the auth schemes not offered to a proxy for an https tunnel: {@code
     * Basic} unless set. It is read once, when the first http connection of the JVM opens.
     */
    static final String TUNNEL_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private final URI apiUrl;
    private final Duration timeout;
    private final String userAgent;
    private final ProxyRoutes routes;
    private final Authenticator proxyAuth;
    private final TrustedCas cas;
    private final AtomicLong tlsFailures = new AtomicLong();
    private volatile String tlsProblem;

    /**
     * @param apiUrl the API's base URL
     * @param timeout connect and read timeout of each call
     * @param agentVersion sent in {@code User-Agent}
     * @param routes which calls go through which proxy
     * @param caFile the PEM file of the trusted CAs, or null for the JDK's trust store
     * @param caCerts its certificates as read at start; ignored when {@code caFile} is null
     */
    ApiTransport(
            URI apiUrl,
            Duration timeout,
            String agentVersion,
            ProxyRoutes routes,
            Path caFile,
            List<X509Certificate> caCerts) {
        this.apiUrl = apiUrl;
        this.timeout = timeout;
        this.userAgent = ReportClient.userAgent(agentVersion);
        this.routes = routes;
        ApiProxy proxy = routes.proxyFor(apiUrl);
        this.proxyAuth = proxy != null && proxy.hasCredentials() ? authenticatorFor(proxy) : null;
        this.cas = caFile == null ? null : new TrustedCas(caFile, caCerts);
    }

    /**
     * @param config the settings: api-url, timeout, ca-file, proxy, no-proxy
     * @param agentVersion the agent's version, sent in {@code User-Agent}
     * @return the transport
     */
    public static ApiTransport of(AgentConfig config, String agentVersion) {
        ProxyRoutes routes = new ProxyRoutes(config.proxy().orElse(null), config.noProxy());
        ApiTransport t = new ApiTransport(
                config.apiUrl(),
                config.timeout(),
                agentVersion,
                routes,
                config.caFile().orElse(null),
                config.caCertificates());
        ApiProxy proxy = routes.proxyFor(config.apiUrl());
        if (proxy != null) {
            if (proxy.hasCredentials()) {
                allowBasicForTunnels();
            }
            LOG.info("reaching the API at " + config.apiUrl() + " through the proxy " + proxy + " (" + proxy.origin()
                    + ")");
        } else if (config.proxy().isPresent()) {
            LOG.info("reaching the API at " + config.apiUrl() + " directly: " + Setting.NO_PROXY.key()
                    + " (or NO_PROXY) names its host, so not through the proxy "
                    + config.proxy().get());
        }
        return t;
    }

    /**
     * @param apiUrl the API's base URL
     * @param timeout connect and read timeout
     * @param agentVersion sent in {@code User-Agent}
     * @return a transport without a proxy, trusting the JDK's CAs
     */
    static ApiTransport direct(URI apiUrl, Duration timeout, String agentVersion) {
        return new ApiTransport(apiUrl, timeout, agentVersion, ProxyRoutes.DIRECT, null, List.of());
    }

    /**
     * Lets the JDK answer a proxy's {@code Basic} challenge for an https tunnel, which it refuses by
     * default (to keep an Authenticator's password from any proxy that asks). Only the proxy the
     * settings name gets it: the agent's Authenticator answers no other host, and no other
     * connection carries one. A value set on the command line is left alone.
     */
    static void allowBasicForTunnels() {
        if (System.getProperty(TUNNEL_DISABLED_SCHEMES) == null) {
            System.setProperty(TUNNEL_DISABLED_SCHEMES, "");
        }
    }

    private static Authenticator authenticatorFor(ApiProxy proxy) {
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY
                        || getRequestingPort() != proxy.port()
                        || !proxy.host().equalsIgnoreCase(getRequestingHost())) {
                    return null;
                }
                String pw = proxy.password() == null ? "" : proxy.password();
                return new PasswordAuthentication(proxy.username(), pw.toCharArray());
            }
        };
    }

    /**
     * @return the API's base URL
     */
    URI apiUrl() {
        return apiUrl;
    }

    /**
     * @return the timeout of each call
     */
    Duration timeout() {
        return timeout;
    }

    /**
     * @return why TLS with the API fails, in one line, while it does; empty while it verifies (or
     *     before the first call)
     */
    public Optional<String> tlsProblem() {
        return Optional.ofNullable(tlsProblem);
    }

    /**
     * @return calls that failed their TLS handshake since the start
     */
    public long tlsFailures() {
        return tlsFailures.get();
    }

    /**
     * @param endpoint a URL of the API
     * @return {@code " through the proxy http://proxy:3128"}, or empty when the call goes directly
     */
    String route(URI endpoint) {
        ApiProxy p = routes.proxyFor(endpoint);
        return p == null ? "" : " through the proxy " + p.url();
    }

    /** A TLS handshake with the API failed: nothing was sent. */
    static final class TlsFailure extends IOException {
        private static final long serialVersionUID = 1L;

        TlsFailure(String problem, SSLException cause) {
            super(problem, cause);
        }
    }

    /**
     * POSTs JSON to the API with a bearer token, without redirects, on the route and trust the
     * settings give.
     *
     * @param url where to
     * @param json the body
     * @param gzipped whether it is gzip-compressed
     * @param bearer the token for {@code Authorization: Bearer}; never logged
     * @return the answer
     * @throws TlsFailure when the TLS handshake failed: the certificate is not trusted, not for the
     *     host, expired
     * @throws IOException when there was no answer
     */
    ReportClient.Answer post(URL url, byte[] json, boolean gzipped, String bearer) throws IOException {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        URI uri = toUri(url);
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) url.openConnection(routes.select(uri).get(0));
            if (c instanceof HttpsURLConnection https && cas != null) {
                https.setSSLSocketFactory(cas.factory());
            }
            if (proxyAuth != null) {
                c.setAuthenticator(proxyAuth);
            }
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            // not streaming mode: in it, a 401 becomes an exception without the API's problem detail
            c.setRequestProperty("Content-Type", "application/json");
            if (gzipped) {
                c.setRequestProperty("Content-Encoding", "gzip");
            }
            c.setRequestProperty("Accept", "application/json, application/problem+json");
            c.setRequestProperty("Authorization", "Bearer " + bearer);
            c.setRequestProperty("User-Agent", userAgent);
            try (OutputStream out = c.getOutputStream()) {
                out.write(json);
            }
            int status = c.getResponseCode();
            byte[] body;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                // read to the end, so the connection goes back to the keep-alive cache
                body = in == null ? new byte[0] : in.readAllBytes();
            }
            verified(c);
            return new ReportClient.Answer(status, body, Optional.ofNullable(c.getHeaderField("Retry-After")));
        } catch (HttpRetryException e) {
            // a 401 with WWW-Authenticate cannot be answered in streaming mode: it is still a 401
            verified(c);
            return new ReportClient.Answer(e.responseCode(), new byte[0], Optional.empty());
        } catch (SSLException e) {
            disconnect(c);
            String problem = "TLS with the API at " + apiUrl + route(uri) + " fails: " + reason(e, uri.getHost())
                    + "; trusting " + trust() + ". Nothing is sent until it verifies: reports are kept in the spool";
            tlsFailed(problem);
            throw new TlsFailure(problem, e);
        } catch (IOException e) {
            disconnect(c);
            throw e;
        }
    }

    private void verified(HttpURLConnection c) {
        if (c instanceof HttpsURLConnection && tlsProblem != null) {
            tlsProblem = null;
            LOG.info("TLS with the API at " + apiUrl + " verifies again, trusting " + trust());
        }
    }

    private void tlsFailed(String problem) {
        tlsFailures.incrementAndGet();
        String before = tlsProblem;
        tlsProblem = problem;
        if (!problem.equals(before)) {
            LOG.severe(problem);
        }
    }

    /**
     * @return {@code the 1 certificate of ca-file /etc/procscope/ca.crt}, or the JDK's trust store
     */
    String trust() {
        return cas == null ? "the JDK's CAs (set " + Setting.CA_FILE.key() + " for a private CA)" : cas.describe();
    }

    /**
     * Says in words why a handshake failed, from the JDK's exception chain, then the JDK's own words.
     *
     * @param e the failure
     * @param host the API's host
     * @return for example {@code the API's certificate is not signed by a trusted CA (PKIX path
     *     building failed: ...)}
     */
    static String reason(SSLException e, String host) {
        String what = "the TLS handshake failed";
        Throwable innermost = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            innermost = t;
            if (t instanceof CertificateExpiredException) {
                what = "the API's certificate, or a CA certificate of its chain, has expired";
            } else if (t instanceof CertificateNotYetValidException) {
                what = "the API's certificate is not valid yet (is this host's clock right?)";
            } else if (t instanceof CertPathBuilderException && what.startsWith("the TLS")) {
                what = "the API's certificate is not signed by a trusted CA";
            } else if (t.getMessage() != null
                    && (t.getMessage().startsWith("No subject alternative")
                            || t.getMessage().startsWith("No name matching"))) {
                what = "the API's certificate is not issued for " + host;
            }
        }
        String detail = innermost.getMessage() == null
                ? innermost.getClass().getSimpleName()
                : innermost.getMessage().replaceAll("\\s+", " ").strip();
        return what + " (" + detail + ")";
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + url, e);
        }
    }

    private static void disconnect(HttpURLConnection c) {
        if (c != null) {
            c.disconnect();
        }
    }
}
