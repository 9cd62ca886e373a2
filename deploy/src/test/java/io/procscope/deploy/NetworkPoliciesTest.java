package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may connect to whom: PostgreSQL only from the API; the API from the agents, Prometheus and the
 * ingress controller; the agents from Prometheus; nothing else into the namespace procscope. Checked
 * the way Kubernetes evaluates a policy: selectors against the pods' labels and the namespaces'
 * {@code kubernetes.io/metadata.name}, named ports against the containers' ports.
 */
class NetworkPoliciesTest {

    /** The label Kubernetes sets on every namespace, to its name. */
    private static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

    private static final String MONITORING = "monitoring";

    private static final String INGRESS = "ingress-nginx";

    private static final Map<String, String> AGENT_POD =
            Manifests.agent().getSpec().getTemplate().getMetadata().getLabels();

    private static final Map<String, String> API_POD =
            Manifests.api().getSpec().getTemplate().getMetadata().getLabels();

    private static final Map<String, String> POSTGRES_POD =
            Manifests.postgres().getSpec().getTemplate().getMetadata().getLabels();

    /** A pod of some other workload, in a namespace named as given. */
    private static final Map<String, String> STRANGER = Map.of("app.kubernetes.io/name", "something-else");

    @Test
    void everyWorkloadHasAPolicyOfItsOwnThatLimitsIngress() {
        Manifests.podTemplates().forEach((workload, template) -> {
            String namespace = Manifests.namespaceOf(workload);
            List<NetworkPolicy> own = policies().stream()
                    .filter(p -> p.getMetadata().getNamespace().equals(namespace))
                    .filter(p -> !p.getSpec().getPodSelector().getMatchLabels().isEmpty())
                    .filter(p -> matches(
                            p.getSpec().getPodSelector(), template.getMetadata().getLabels()))
                    .toList();
            assertThat(own).as("policies that name %s", workload).hasSize(1);
            assertThat(own.get(0).getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(own.get(0).getMetadata().getLabels().get("app.kubernetes.io/component"))
                    .isEqualTo(template.getMetadata().getLabels().get("app.kubernetes.io/component"));
        });
    }

    @Test
    void nothingReachesTheNamespaceProcscopeUnlessAPolicyLetsIt() {
        NetworkPolicy deny = Manifests.get(NetworkPolicy.class, "procscope-default-deny");

        assertThat(deny.getMetadata().getNamespace()).isEqualTo(Manifests.NAMESPACE);
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    }

    @Test
    void postgresAnswersTheApiAlone() {
        assertThat(admits(Manifests.postgres().getSpec().getTemplate(), Manifests.NAMESPACE, API_POD, 5432))
                .isTrue();
        assertThat(admits(Manifests.postgres().getSpec().getTemplate(), Manifests.NAMESPACE, STRANGER, 5432))
                .as("another pod of the namespace")
                .isFalse();
        assertThat(admits(Manifests.postgres().getSpec().getTemplate(), Manifests.AGENT_NAMESPACE, AGENT_POD, 5432))
                .as("an agent")
                .isFalse();
        assertThat(admits(Manifests.postgres().getSpec().getTemplate(), MONITORING, STRANGER, 5432))
                .isFalse();
        assertThat(admits(Manifests.postgres().getSpec().getTemplate(), Manifests.NAMESPACE, API_POD, 8080))
                .as("another port")
                .isFalse();
    }

    @Test
    void theApiAnswersAgentsPrometheusAndTheIngressController() {
        PodTemplateSpec api = Manifests.api().getSpec().getTemplate();

        assertThat(admits(api, Manifests.AGENT_NAMESPACE, AGENT_POD, 8080))
                .as("agents")
                .isTrue();
        assertThat(admits(api, MONITORING, Map.of("app.kubernetes.io/name", "prometheus"), 8080))
                .as("Prometheus")
                .isTrue();
        assertThat(admits(api, INGRESS, Map.of("app.kubernetes.io/name", "ingress-nginx"), 8080))
                .as("the ingress controller")
                .isTrue();
        assertThat(admits(api, Manifests.AGENT_NAMESPACE, STRANGER, 8080))
                .as("another pod in the agents' namespace")
                .isFalse();
        assertThat(admits(api, "default", STRANGER, 8080))
                .as("any other namespace")
                .isFalse();
        assertThat(admits(api, Manifests.NAMESPACE, POSTGRES_POD, 8080))
                .as("PostgreSQL")
                .isFalse();
        assertThat(admits(api, Manifests.AGENT_NAMESPACE, AGENT_POD, 5432))
                .as("another port")
                .isFalse();
        // the agents' namespace is matched by its name, which Kubernetes writes into that label
        assertThat(Manifests.get(Namespace.class, Manifests.AGENT_NAMESPACE)).isNotNull();
    }

    @Test
    void agentsAnswerPrometheusScrapesAlone() {
        PodTemplateSpec agent = Manifests.agent().getSpec().getTemplate();

        assertThat(admits(agent, MONITORING, STRANGER, 9101)).isTrue();
        assertThat(admits(agent, Manifests.NAMESPACE, API_POD, 9101))
                .as("the API")
                .isFalse();
        assertThat(admits(agent, "default", STRANGER, 9101)).isFalse();
        assertThat(admits(agent, MONITORING, STRANGER, 22)).as("another port").isFalse();
    }

    @Test
    void everyNamedPortIsAPortOfTheSelectedPods() {
        for (NetworkPolicy policy : policies()) {
            for (var rule : policy.getSpec().getIngress() == null
                    ? List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of()
                    : policy.getSpec().getIngress()) {
                for (var port : rule.getPorts()) {
                    assertThat(port.getProtocol()).isEqualTo("TCP");
                    Manifests.podTemplates().values().stream()
                            .filter(t -> matches(
                                    policy.getSpec().getPodSelector(),
                                    t.getMetadata().getLabels()))
                            .forEach(t -> assertThat(Manifests.port(Manifests.container(t), port.getPort()))
                                    .as("%s port %s", policy.getMetadata().getName(), port.getPort())
                                    .isPositive());
                }
            }
        }
    }

    // ---- Kubernetes's evaluation, for the fields these policies use --------------------------------

    private static List<NetworkPolicy> policies() {
        return Manifests.base().stream()
                .filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast)
                .toList();
    }

    /**
     * Whether a pod with {@code labels} in namespace {@code from} may connect to {@code port} of the
     * pods of {@code target}: some policy selects them and one of its rules lets the peer in (or, if
     * no policy selects them, always).
     */
    static boolean admits(PodTemplateSpec target, String from, Map<String, String> labels, int port) {
        String namespace = namespaceOfTemplate(target);
        Container container = Manifests.container(target);
        List<NetworkPolicy> selecting = policies().stream()
                .filter(p -> p.getMetadata().getNamespace().equals(namespace))
                .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
                .filter(p -> matches(
                        p.getSpec().getPodSelector(), target.getMetadata().getLabels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy policy : selecting) {
            for (var rule : policy.getSpec().getIngress() == null
                    ? List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of()
                    : policy.getSpec().getIngress()) {
                boolean portOk = rule.getPorts() == null
                        || rule.getPorts().isEmpty()
                        || rule.getPorts().stream().anyMatch(p -> portNumber(container, p.getPort()) == port);
                boolean peerOk = rule.getFrom() == null
                        || rule.getFrom().isEmpty()
                        || rule.getFrom().stream().anyMatch(peer -> peerMatches(peer, namespace, from, labels));
                if (portOk && peerOk) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean peerMatches(
            NetworkPolicyPeer peer, String policyNamespace, String from, Map<String, String> labels) {
        assertThat(peer.getIpBlock()).as("no ipBlock peers").isNull();
        boolean namespaceOk = peer.getNamespaceSelector() == null
                ? from.equals(policyNamespace)
                : matches(peer.getNamespaceSelector(), Map.of(NAMESPACE_NAME, from));
        boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), labels);
        return namespaceOk && podOk;
    }

    private static int portNumber(Container container, IntOrString port) {
        return Manifests.port(container, port);
    }

    /** A label selector of matchLabels only (these policies use no expressions); empty selects all. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions())
                .as("no matchExpressions here")
                .isNullOrEmpty();
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static String namespaceOfTemplate(PodTemplateSpec template) {
        return Manifests.podTemplates().entrySet().stream()
                .filter(e -> e.getValue() == template)
                .map(e -> Manifests.namespaceOf(e.getKey()))
                .findFirst()
                .orElseThrow();
    }
}
