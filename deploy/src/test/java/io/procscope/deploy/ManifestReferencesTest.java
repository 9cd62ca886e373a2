package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What holds the pieces together: every Secret and ConfigMap key a pod reads exists, every mount has
 * its volume, and the example Secret holds placeholders only.
 */
class ManifestReferencesTest {

    /** The example Secrets by namespace: a pod reads the one of its own namespace. */
    private static final Map<String, Secret> EXAMPLES = Manifests.exampleSecrets();

    @Test
    void everySecretKeyAPodReadsIsInTheSecretOfItsNamespace() {
        List<String> missing = new ArrayList<>();
        each((workload, container) -> {
            Secret secret = secretOf(workload);
            for (EnvVar env : container.getEnv()) {
                var ref = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
                if (ref != null
                        && !(ref.getName().equals(secret.getMetadata().getName())
                                && secret.getStringData().containsKey(ref.getKey()))) {
                    missing.add(workload + " " + env.getName() + " <- " + ref.getName() + "/" + ref.getKey());
                }
            }
            for (EnvFromSource from : container.getEnvFrom()) {
                if (from.getSecretRef() != null
                        && !from.getSecretRef()
                                .getName()
                                .equals(secret.getMetadata().getName())) {
                    missing.add(workload + " envFrom " + from.getSecretRef().getName());
                }
            }
        });
        Manifests.podTemplates().forEach((workload, template) -> {
            Secret secret = secretOf(workload);
            for (Volume v : template.getSpec().getVolumes()) {
                if (v.getSecret() == null) {
                    continue;
                }
                if (!v.getSecret().getSecretName().equals(secret.getMetadata().getName())) {
                    missing.add(workload + " volume " + v.getName() + " <- "
                            + v.getSecret().getSecretName());
                } else if (v.getSecret().getItems() == null
                        || v.getSecret().getItems().isEmpty()) {
                    missing.add(workload + " volume " + v.getName() + " mounts every key: name them");
                } else {
                    v.getSecret().getItems().stream()
                            .filter(i -> !secret.getStringData().containsKey(i.getKey()))
                            .forEach(i -> missing.add(workload + " volume " + v.getName() + " <- " + i.getKey()));
                }
            }
        });
        assertThat(missing)
                .as("secret keys that the example Secret of the pod's namespace lacks")
                .isEmpty();
    }

    @Test
    void everyConfigMapKeyAPodReadsIsInItsConfigMap() {
        List<String> missing = new ArrayList<>();
        each((workload, container) -> {
            for (EnvVar env : container.getEnv()) {
                var ref = env.getValueFrom() == null ? null : env.getValueFrom().getConfigMapKeyRef();
                if (ref != null
                        && Manifests.find(ConfigMap.class, ref.getName())
                                .map(c -> !c.getData().containsKey(ref.getKey()))
                                .orElse(true)) {
                    missing.add(workload + " " + env.getName() + " <- " + ref.getName() + "/" + ref.getKey());
                }
            }
            for (EnvFromSource from : container.getEnvFrom()) {
                if (from.getConfigMapRef() != null
                        && Manifests.find(
                                        ConfigMap.class, from.getConfigMapRef().getName())
                                .isEmpty()) {
                    missing.add(workload + " envFrom " + from.getConfigMapRef().getName());
                }
            }
        });
        assertThat(missing).as("config map keys that deploy/k8s lacks").isEmpty();
        assertThat(Manifests.get(ConfigMap.class, "procscope-api-config").getData())
                .containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME")
                .allSatisfy((key, value) -> assertThat(key).matches("[A-Z][A-Z0-9_]*"));
    }

    @Test
    void everyMountHasItsVolume() {
        Manifests.podTemplates().forEach((workload, template) -> {
            Set<String> volumes = volumeNames(template, workload);
            for (Container container : template.getSpec().getContainers()) {
                assertThat(container.getVolumeMounts())
                        .extracting(VolumeMount::getName)
                        .as("%s mounts", workload)
                        .isSubsetOf(volumes)
                        .doesNotHaveDuplicates();
            }
        });
    }

    @Test
    void everyConfigMapAPodMountsIsInItsNamespace() {
        Manifests.podTemplates().forEach((workload, template) -> {
            for (Volume v : template.getSpec().getVolumes()) {
                if (v.getConfigMap() != null) {
                    ConfigMap map =
                            Manifests.get(ConfigMap.class, v.getConfigMap().getName());
                    assertThat(map.getMetadata().getNamespace()).isEqualTo(Manifests.namespaceOf(workload));
                }
            }
        });
    }

    @Test
    void exampleSecretsHoldPlaceholdersOnly() {
        assertThat(EXAMPLES.get(Manifests.NAMESPACE).getStringData())
                .containsOnlyKeys("enroll-secrets", "read-key", "admin-key", "db-password", "postgres-password");
        assertThat(EXAMPLES.get(Manifests.AGENT_NAMESPACE).getStringData())
                .as("the agents' namespace holds the enrollment secret and none of the API's keys")
                .containsOnlyKeys("enroll-secret");
        EXAMPLES.values().forEach(secret -> {
            assertThat(secret.getData())
                    .as("no base64 data: it could hide a real key")
                    .isNullOrEmpty();
            assertThat(secret.getStringData())
                    .allSatisfy((key, value) -> assertThat(value).as(key).startsWith("CHANGE-ME-"));
        });
    }

    @Test
    void apiAcceptsTheEnrollmentSecretAgentsSend() {
        Map<String, String> api = EXAMPLES.get(Manifests.NAMESPACE).getStringData();
        Map<String, String> agents = EXAMPLES.get(Manifests.AGENT_NAMESPACE).getStringData();

        assertThat(api.get("enroll-secrets").split(",")).contains(agents.get("enroll-secret"));
        assertThat(api.get("admin-key")).isNotEqualTo(api.get("read-key"));
        assertThat(api.get("postgres-password"))
                .as("the superuser's password is not the API's")
                .isNotEqualTo(api.get("db-password"));
    }

    private static Secret secretOf(String workload) {
        return EXAMPLES.get(Manifests.namespaceOf(workload));
    }

    private static Set<String> volumeNames(PodTemplateSpec template, String workload) {
        Set<String> names =
                template.getSpec().getVolumes().stream().map(Volume::getName).collect(Collectors.toSet());
        Manifests.postgres().getSpec().getVolumeClaimTemplates().stream()
                .filter(c -> workload.equals("StatefulSet/procscope-postgres"))
                .forEach(c -> names.add(c.getMetadata().getName()));
        return names;
    }

    private static void each(java.util.function.BiConsumer<String, Container> action) {
        Manifests.podTemplates().forEach((workload, template) -> {
            template.getSpec().getContainers().forEach(c -> action.accept(workload, c));
            template.getSpec().getInitContainers().forEach(c -> action.accept(workload, c));
        });
    }
}
