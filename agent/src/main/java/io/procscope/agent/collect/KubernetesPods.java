package io.procscope.agent.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Names pods by UID from the Kubernetes API: {@code GET /api/v1/pods?fieldSelector=spec.nodeName=NODE},
 * the pods of this node only, asking for their metadata alone ({@code PartialObjectMetadataList};
 * a server that does not offer it sends the full list, read the same way).
 *
 * <p>At most one list call per {@code minRefresh} (the interval), and only when a process names a
 * pod UID the cache does not know: a node whose pods do not change costs no calls at all. A static
 * pod's cgroup holds the UID its kubelet gave it, which its mirror pod carries in the {@value
 * #MIRROR_ANNOTATION} annotation; both are mapped. Failures are logged once and retried no sooner than
 * {@code minRefresh}. Not thread-safe: the collection thread calls it.
 */
public final class KubernetesPods implements PodNames {

    private static final Logger LOG = Logger.getLogger(KubernetesPods.class.getName());

    /** Where a pod's service account token and CA are mounted. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    /** The annotation of a static pod's mirror with the UID in its cgroup. */
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private static final String ACCEPT =
            "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;q=0.9";

    private static final JsonFactory JSON = new JsonFactory();

    private final SSLContext ssl;
    private final URI listUri;
    private final Path tokenFile;
    private final Duration timeout;
    private final long minRefreshNanos;
    private final LongSupplier nanoClock;

    private Map<String, Pod> byUid = Map.of();
    private long lastListNanos;
    private boolean listed;
    private boolean warned;
    private long calls;

    /**
     * @param apiServer the API server's base URL, for example {@code https://10.96.0.1:443}
     * @param nodeName this node's name, as in {@code spec.nodeName}
     * @param tokenFile the bearer token, re-read on every call (projected tokens rotate); null for none
     * @param ssl trust for the API server's certificate; null for the JVM's default
     * @param timeout connect and request timeout
     * @param minRefresh least time between two list calls: the agent's interval
     * @param nanoClock monotonic clock, ns
     */
    public KubernetesPods(
            URI apiServer,
            String nodeName,
            Path tokenFile,
            SSLContext ssl,
            Duration timeout,
            Duration minRefresh,
            LongSupplier nanoClock) {
        String base = apiServer.toString().replaceAll("/+$", "");
        this.listUri = URI.create(base + "/api/v1/pods?fieldSelector="
                + URLEncoder.encode("spec.nodeName=" + nodeName, StandardCharsets.UTF_8));
        this.tokenFile = tokenFile;
        this.timeout = timeout;
        this.minRefreshNanos = minRefresh.toNanos();
        this.nanoClock = nanoClock;
        this.ssl = ssl;
    }

    /**
     * The in-cluster API server, as a pod sees it: {@code KUBERNETES_SERVICE_HOST} and {@code
     * _PORT}, the service account's token and CA.
     *
     * @param env the environment
     * @param nodeName this node's name
     * @param timeout connect and request timeout
     * @param minRefresh least time between two list calls
     * @return the pod names, or empty outside a pod (no {@code KUBERNETES_SERVICE_HOST})
     */
    public static Optional<KubernetesPods> inCluster(
            Map<String, String> env, String nodeName, Duration timeout, Duration minRefresh) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        String authority = host.indexOf(':') >= 0 ? "[" + host + "]" : host; // IPv6 service address
        SSLContext ssl = null;
        Path ca = SERVICE_ACCOUNT.resolve("ca.crt");
        try {
            ssl = trusting(ca);
        } catch (IOException | GeneralSecurityException e) {
            LOG.warning("cannot read the cluster CA " + ca + " (" + e + "); pod names are not reported");
            return Optional.empty();
        }
        return Optional.of(new KubernetesPods(
                URI.create("https://" + authority + ":" + port),
                nodeName,
                SERVICE_ACCOUNT.resolve("token"),
                ssl,
                timeout,
                minRefresh,
                System::nanoTime));
    }

    /**
     * @param caFile PEM certificates to trust, such as a service account's {@code ca.crt}
     * @return a TLS context that trusts exactly those
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it holds no certificate
     */
    static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(caFile)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public Pod podOf(String podUid) {
        Pod pod = byUid.get(podUid);
        if (pod != null) {
            return pod;
        }
        long now = nanoClock.getAsLong();
        if (listed && now - lastListNanos < minRefreshNanos) {
            return null;
        }
        listed = true;
        lastListNanos = now;
        refresh();
        return byUid.get(podUid);
    }

    /**
     * @return list calls made so far
     */
    public long calls() {
        return calls;
    }

    private void refresh() {
        calls++;
        HttpURLConnection c = null;
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try {
            URL url = listUri.toURL();
            c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
            if (ssl != null && c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(ssl.getSocketFactory());
            }
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Accept", ACCEPT);
            if (tokenFile != null && Files.isReadable(tokenFile)) {
                c.setRequestProperty(
                        "Authorization", "Bearer " + Files.readString(tokenFile).strip());
            }
            int status = c.getResponseCode();
            if (status != 200) {
                try (InputStream err = c.getErrorStream()) {
                    if (err != null) {
                        err.readAllBytes();
                    }
                }
                warnOnce("listing the pods of this node at " + listUri + " answered " + status
                        + (status == 403 ? " (the agent's service account may not list pods)" : "")
                        + "; pod names are not reported");
                return;
            }
            try (InputStream body = c.getInputStream()) {
                byUid = parsePodList(body);
            }
            if (warned) {
                LOG.info("listing pods works again: " + byUid.size() + " pods on this node");
                warned = false;
            }
        } catch (IOException e) {
            if (c != null) {
                c.disconnect();
            }
            warnOnce("cannot list the pods of this node at " + listUri + ": " + e + "; pod names are not reported");
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            LOG.warning(message);
            warned = true;
        } else {
            LOG.log(Level.FINE, message);
        }
    }

    /**
     * Reads a {@code PodList} or {@code PartialObjectMetadataList} as it streams in, keeping only
     * {@code items[].metadata}'s uid, namespace, name and mirror annotation: a node's full pod list
     * runs to megabytes, the agent's heap to 16.
     *
     * @param json the response body
     * @return pod UID (and mirror UID) to pod
     * @throws IOException when it is not such JSON
     */
    static Map<String, Pod> parsePodList(InputStream json) throws IOException {
        Map<String, Pod> pods = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a pod list: expected an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("items".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readItem(p, pods);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return pods;
    }

    private static void readItem(JsonParser p, Map<String, Pod> pods) throws IOException {
        String uid = null;
        String namespace = null;
        String name = null;
        String mirror = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!"metadata".equals(field) || value != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                switch (key) {
                    case "uid" -> uid = p.getValueAsString();
                    case "namespace" -> namespace = p.getValueAsString();
                    case "name" -> name = p.getValueAsString();
                    case "annotations" -> mirror = annotation(p, v, MIRROR_ANNOTATION);
                    default -> p.skipChildren();
                }
            }
        }
        if (uid != null && name != null) {
            Pod pod = new Pod(namespace, name);
            pods.put(uid, pod);
            if (mirror != null && !mirror.isBlank()) {
                pods.putIfAbsent(mirror, pod);
            }
        }
    }

    private static String annotation(JsonParser p, JsonToken start, String wanted) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (wanted.equals(key)) {
                found = p.getValueAsString();
            } else {
                p.skipChildren();
            }
        }
        return found;
    }
}
