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

    private static final Secret EXAMPLE = (Secret) Manifests.parse(Manifests.EXAMPLE_SECRET);

    @Test
    void everySecretKeyAPodReadsIsInTheSecret() {
        List<String> missing = new ArrayList<>();
        each((workload, container) -> {
            for (EnvVar env : container.getEnv()) {
                var ref = env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef();
                if (ref != null
                        && !(ref.getName().equals(Manifests.SECRET)
                                && secretKeys().contains(ref.getKey()))) {
                    missing.add(workload + " " + env.getName() + " <- " + ref.getName() + "/" + ref.getKey());
                }
            }
            for (EnvFromSource from : container.getEnvFrom()) {
                if (from.getSecretRef() != null
                        && !from.getSecretRef().getName().equals(Manifests.SECRET)) {
                    missing.add(workload + " envFrom " + from.getSecretRef().getName());
                }
            }
        });
        Manifests.podTemplates().forEach((workload, template) -> {
            for (Volume v : template.getSpec().getVolumes()) {
                if (v.getSecret() == null) {
                    continue;
                }
                if (!v.getSecret().getSecretName().equals(Manifests.SECRET)) {
                    missing.add(workload + " volume " + v.getName() + " <- "
                            + v.getSecret().getSecretName());
                } else if (v.getSecret().getItems() == null
                        || v.getSecret().getItems().isEmpty()) {
                    missing.add(workload + " volume " + v.getName() + " mounts every key: name them");
                } else {
                    v.getSecret().getItems().stream()
                            .filter(i -> !secretKeys().contains(i.getKey()))
                            .forEach(i -> missing.add(workload + " volume " + v.getName() + " <- " + i.getKey()));
                }
            }
        });
        assertThat(missing).as("secret keys that secret.example.yaml lacks").isEmpty();
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
    void exampleSecretHoldsPlaceholdersOnly() {
        assertThat(EXAMPLE.getData())
                .as("no base64 data: it could hide a real key")
                .isNullOrEmpty();
        assertThat(EXAMPLE.getStringData())
                .containsOnlyKeys("enroll-secret", "enroll-secrets", "read-key", "admin-key", "db-password")
                .allSatisfy((key, value) -> assertThat(value).as(key).startsWith("CHANGE-ME-"));
    }

    @Test
    void apiAcceptsTheEnrollmentSecretAgentsSend() {
        Map<String, String> data = EXAMPLE.getStringData();

        assertThat(data.get("enroll-secrets").split(",")).contains(data.get("enroll-secret"));
        assertThat(data.get("admin-key")).isNotEqualTo(data.get("read-key"));
    }

    private static Set<String> secretKeys() {
        return EXAMPLE.getStringData().keySet();
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
