package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overlay deploy/k8s-overlays/tls as {@code kubectl kustomize} renders it: the API listens on
 * https only, with the certificate files of the Secret it mounts; the Service, the probes and the
 * scrape go to that port; every agent calls a name the certificate holds and trusts only the
 * Secret's {@code ca.crt}, never seeing the key. Skipped where kubectl is not installed.
 */
class TlsOverlayTest {

    private static final String TLS_SECRET = "procscope-api-tls";
    private static final String AGENT_CA_SECRET = "procscope-api-ca";

    private static List<HasMetadata> objects;

    @BeforeAll
    static void render() {
        assumeTrue(
                Command.output("kubectl", "version", "--client").exitCode() == 0,
                "kubectl is not installed: rendering not checked");
        Path dir = Repo.K8S_OVERLAYS.resolve("tls");
        Command.Result result = Command.output("kubectl", "kustomize", dir.toString());
        assertThat(result.exitCode())
                .as("kubectl kustomize: %s", result.output())
                .isZero();
        objects = Manifests.SERIALIZATION.unmarshal(result.output());
    }

    @Test
    void theApiServesHttpsOnlyFromTheSecretsPemFiles() {
        Map<String, String> config =
                one(ConfigMap.class, "procscope-api-config").getData();
        Deployment deployment = one(Deployment.class, "procscope-api");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container api = Manifests.container(deployment.getSpec().getTemplate());

        assertThat(config).containsEntry("QUARKUS_HTTP_INSECURE_REQUESTS", "disabled");
        int httpsPort = Integer.parseInt(config.get("QUARKUS_HTTP_SSL_PORT"));
        assertThat(api.getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(httpsPort));
        for (String file : List.of(
                config.get("QUARKUS_TLS_KEY_STORE_PEM_0_CERT"), config.get("QUARKUS_TLS_KEY_STORE_PEM_0_KEY"))) {
            assertThat(secretItemAt(pod, api, file)).as(file).isEqualTo(TLS_SECRET);
        }
        assertThat(Stream.of(api.getStartupProbe(), api.getReadinessProbe(), api.getLivenessProbe()))
                .allSatisfy(probe -> {
                    HTTPGetAction get = probe.getHttpGet();
                    assertThat(get.getScheme()).isEqualTo("HTTPS");
                    assertThat(Manifests.port(api, get.getPort())).isEqualTo(httpsPort);
                });
        // The NetworkPolicy lets the API's clients reach the port it now serves.
        NetworkPolicy policy = one(NetworkPolicy.class, "procscope-api");
        assertThat(policy.getSpec().getIngress())
                .flatExtracting(NetworkPolicyIngressRule::getPorts)
                .allSatisfy(p -> assertThat(Manifests.port(api, p.getPort())).isEqualTo(httpsPort));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", Integer.toString(httpsPort))
                .containsEntry("prometheus.io/scheme", "https");
        Service service = one(Service.class, "procscope-api");
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(
                        p -> assertThat(Manifests.port(api, p.getTargetPort())).isEqualTo(httpsPort));
    }

    @Test
    void everyAgentCallsANameOfTheCertificateAndTrustsOnlyItsCa() {
        DaemonSet daemonSet = one(DaemonSet.class, "procscope-agent");
        PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        Container agent = Manifests.container(daemonSet.getSpec().getTemplate());
        URI apiUrl = URI.create(Manifests.env(agent, "PROCSCOPE_AGENT_API_URL").getValue());
        GenericKubernetesResource certificate = one(GenericKubernetesResource.class, "procscope-api");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) certificate.getAdditionalProperties().get("spec");
        ServicePort servicePort =
                one(Service.class, "procscope-api").getSpec().getPorts().get(0);

        assertThat(certificate.getKind()).isEqualTo("Certificate");
        assertThat(spec).containsEntry("secretName", TLS_SECRET);
        assertThat(apiUrl.getScheme()).isEqualTo("https");
        assertThat(apiUrl.getPort()).isEqualTo(servicePort.getPort());
        assertThat(((List<?>) spec.get("dnsNames")).stream().map(String::valueOf))
                .contains(apiUrl.getHost());

        String caFile = Manifests.env(agent, "PROCSCOPE_AGENT_CA_FILE").getValue();
        // The agents' namespace is not the API's: they mount a copy of the CA's certificate there.
        assertThat(daemonSet.getMetadata().getNamespace()).isEqualTo("procscope-agent");
        assertThat(secretItemAt(pod, agent, caFile)).isEqualTo(AGENT_CA_SECRET);
        Volume caVolume = volumeAt(pod, agent, caFile);
        assertThat(caVolume.getSecret().getItems())
                .as("the agent mounts the CA's certificate, never the API's key")
                .extracting(KeyToPath::getKey)
                .containsExactly("ca.crt");
    }

    @Test
    void theCertManagerObjectsLiveWithTheApiAndThePatchesSpellEveryField() {
        assertThat(objects)
                .filteredOn(o -> o.getApiVersion().startsWith("cert-manager.io/"))
                .hasSize(4)
                .allSatisfy(o -> {
                    assertThat(o.getMetadata().getNamespace()).isEqualTo("procscope");
                    assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "procscope");
                });
        // the patches spelt every field of the typed objects right (custom resources hold only "unknown" ones)
        assertThat(objects)
                .filteredOn(o -> !(o instanceof GenericKubernetesResource))
                .allSatisfy(o -> assertThat(Manifests.unknownFields(o))
                        .as(
                                "unknown fields in %s %s",
                                o.getKind(), o.getMetadata().getName())
                        .isEmpty());
    }

    /** The Secret whose item a container sees at {@code file}. */
    private static String secretItemAt(PodSpec pod, Container c, String file) {
        Volume v = volumeAt(pod, c, file);
        VolumeMount m = mountOf(c, file);
        String item = file.substring(m.getMountPath().length() + 1);
        assertThat(v.getSecret().getItems()).extracting(KeyToPath::getPath).contains(item);
        return v.getSecret().getSecretName();
    }

    private static Volume volumeAt(PodSpec pod, Container c, String file) {
        VolumeMount m = mountOf(c, file);
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(m.getName()))
                .findFirst()
                .orElseThrow();
    }

    private static VolumeMount mountOf(Container c, String file) {
        return c.getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath() + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + file));
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }
}
