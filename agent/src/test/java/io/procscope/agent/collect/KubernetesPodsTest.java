package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod names from a local stand-in for the Kubernetes API serving a fixture PodList. TLS with the
 * cluster's CA is not exercised end to end here: there is no cluster.
 */
class KubernetesPodsTest {

    private static final Path POD_LIST = Path.of("src/test/resources/fixtures/kubernetes/podlist-node-1.json");
    private static final String WEB = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private static final String STATIC_POD_CGROUP_UID = "5f4e3d2c-1b0a-9988-7766-554433221100";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicLong clock = new AtomicLong();

    @BeforeEach
    void startApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestURI().toString());
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] body = status.get() == 200 ? Files.readAllBytes(POD_LIST) : "{\"kind\":\"Status\"}".getBytes();
            ex.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void namesPodsOfThisNodeWithOneListCall() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "sa-token\n");
        KubernetesPods pods = pods(token);

        assertThat(pods.podOf(WEB)).isEqualTo(new PodNames.Pod("shop", "web-7d9f8-x2x4q"));
        assertThat(pods.podOf(WEB)).isEqualTo(new PodNames.Pod("shop", "web-7d9f8-x2x4q"));
        assertThat(pods.podOf(STATIC_POD_CGROUP_UID))
                .as("a static pod's cgroup holds its mirror's config UID")
                .isEqualTo(new PodNames.Pod("kube-system", "kube-apiserver-node-1"));

        assertThat(requests).containsExactly("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1");
        assertThat(authorizations).containsExactly("Bearer sa-token");
    }

    @Test
    void listsAtMostOncePerIntervalForUnknownPods() {
        KubernetesPods pods = pods(null);

        assertThat(pods.podOf("11111111-2222-3333-4444-555555555555")).isNull();
        assertThat(pods.podOf("11111111-2222-3333-4444-555555555555")).isNull();
        assertThat(pods.calls()).isEqualTo(1);

        clock.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(pods.podOf("11111111-2222-3333-4444-555555555555")).isNull();
        assertThat(pods.calls()).isEqualTo(2);
        assertThat(authorizations).containsOnly("null");
    }

    @Test
    void namesNoPodWhenListingIsForbidden() {
        status.set(403);
        KubernetesPods pods = pods(null);

        assertThat(pods.podOf(WEB)).isNull();
        assertThat(pods.calls()).isEqualTo(1);
    }

    @Test
    void readsOnlyMetadataOfEachItem() throws IOException {
        try (InputStream in = Files.newInputStream(POD_LIST)) {
            Map<String, PodNames.Pod> byUid = KubernetesPods.parsePodList(in);

            assertThat(byUid).containsOnlyKeys(WEB, "9a8b7c6d-5e4f-3a2b-1c0d-efefefefefef", STATIC_POD_CGROUP_UID);
        }
    }

    @Test
    void staysOffOutsideAPod() {
        assertThat(KubernetesPods.inCluster(Map.of(), "node-1", Duration.ofSeconds(1), Duration.ofSeconds(10)))
                .isEmpty();
    }

    private KubernetesPods pods(Path token) {
        return new KubernetesPods(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                "node-1",
                token,
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                clock::get);
    }
}
