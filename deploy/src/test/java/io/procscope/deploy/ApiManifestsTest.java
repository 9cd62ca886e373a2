package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's Deployment, Service, ConfigMap, PodDisruptionBudget and ServiceMonitor, against the API's own configuration. */
class ApiManifestsTest {

    private static final ApiConfig CONFIG = ApiConfig.load();

    private final Deployment deployment = Manifests.api();
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Container api = Manifests.container(deployment.getSpec().getTemplate());
    private final Service service = Manifests.get(Service.class, "procscope-api");

    @Test
    void runsTwoReplicasThatItsSelectorOwns() {
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(api.getImage()).isEqualTo(Dockerfile.API_IMAGE + ":" + Repo.releaseVersion());
    }

    @Test
    void probesAskTheApplicationsHealthEndpoints() {
        assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo(CONFIG.readinessPath());
        assertThat(api.getLivenessProbe().getHttpGet().getPath()).isEqualTo(CONFIG.livenessPath());
        assertThat(api.getStartupProbe().getHttpGet().getPath()).startsWith(CONFIG.healthPath() + "/");
        assertThat(List.of(api.getReadinessProbe(), api.getLivenessProbe(), api.getStartupProbe()))
                .allSatisfy(probe -> assertThat(
                                Manifests.port(api, probe.getHttpGet().getPort()))
                        .as("probe port")
                        .isEqualTo(CONFIG.port()));
    }

    @Test
    void serviceSendsItsHttpPortToTheApplicationsPort() {
        ServicePort http = service.getSpec().getPorts().stream()
                .filter(p -> "http".equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Service procscope-api has no port named http"));

        assertThat(http.getPort()).isEqualTo(8080);
        assertThat(Manifests.port(api, http.getTargetPort())).isEqualTo(CONFIG.httpPort());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
    }

    @Test
    void prometheusFindsTheMetricsEndpoint() {
        Map<String, String> annotations =
                deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(CONFIG.port()))
                .containsEntry("prometheus.io/path", CONFIG.metricsPath());

        GenericKubernetesResource monitor = Manifests.custom("ServiceMonitor", "procscope-api");
        assertThat(Manifests.keys(Manifests.field(monitor, "spec")))
                .as("ServiceMonitor spec fields")
                .containsOnly("selector", "endpoints");
        assertThat(Manifests.keys(Manifests.field(monitor, "spec", "selector"))).containsOnly("matchLabels");
        assertThat(service.getMetadata().getLabels())
                .containsAllEntriesOf(stringMap(Manifests.field(monitor, "spec", "selector", "matchLabels")));
        List<?> endpoints = (List<?>) Manifests.field(monitor, "spec", "endpoints");
        assertThat(endpoints).hasSize(1);
        Map<?, ?> endpoint = (Map<?, ?>) endpoints.get(0);
        assertThat(Manifests.keys(endpoint)).containsOnly("port", "path", "interval");
        assertThat(endpoint.get("path")).isEqualTo(CONFIG.metricsPath());
        ServicePort scraped = service.getSpec().getPorts().stream()
                .filter(p -> p.getName().equals(endpoint.get("port")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the ServiceMonitor scrapes a port the Service lacks"));
        assertThat(Manifests.port(api, scraped.getTargetPort())).isEqualTo(CONFIG.port());
    }

    @Test
    void containerRunsAsTheImagesNonRootUserOnAReadOnlyRoot() {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser())
                .as("the USER of api-jvm.Dockerfile")
                .isEqualTo(Long.parseLong(DockerfilesTest.user(Dockerfile.named("api-jvm.Dockerfile"))));
        assertThat(api.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(api.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(api.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(api.getVolumeMounts())
                .as("a writable /tmp beside the read-only root")
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void containerHasResourceRequestsAndLimits() {
        assertThat(api.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(api.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    @Test
    void disruptionBudgetKeepsOneReplicaUp() {
        PodDisruptionBudget budget = Manifests.get(PodDisruptionBudget.class, "procscope-api");

        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMinAvailable().getIntVal())
                .isLessThan(deployment.getSpec().getReplicas());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void configMapPointsTheApiAtTheBundledPostgres() {
        Map<String, String> data =
                Manifests.get(ConfigMap.class, "procscope-api-config").getData();
        Container postgres = Manifests.container(Manifests.postgres().getSpec().getTemplate());
        URI url = jdbc(data.get("QUARKUS_DATASOURCE_JDBC_URL"));

        assertThat(url.getHost()).isEqualTo(Manifests.postgres().getSpec().getServiceName());
        assertThat(url.getPort())
                .isEqualTo(Manifests.get(Service.class, url.getHost())
                        .getSpec()
                        .getPorts()
                        .get(0)
                        .getPort());
        assertThat(url.getPath()).isEqualTo("/" + PostgresManifestsTest.DATABASE);
        assertThat(data.get("QUARKUS_DATASOURCE_USERNAME"))
                .as("the role the init script makes, no superuser")
                .isEqualTo(PostgresManifestsTest.ROLE)
                .isNotEqualTo(Manifests.env(postgres, "POSTGRES_USER").getValue());
    }

    @Test
    void jdbcUrlNamesTheSslModeOfTheDriver() {
        String configured =
                Manifests.get(ConfigMap.class, "procscope-api-config").getData().get("QUARKUS_DATASOURCE_JDBC_URL");

        assertThat(parameters(jdbc(configured).getQuery()))
                .extractingByKey("sslmode")
                .isIn("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    }

    @Test
    void logsJsonInKubernetesAndTextElsewhere() throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var reader = java.nio.file.Files.newBufferedReader(Repo.API_PROPERTIES)) {
            properties.load(reader);
        }
        String key = "quarkus.log.console.json.enabled";

        assertThat(properties.getProperty(key))
                .as("off by default: plain text on a laptop")
                .isEqualTo("false");
        assertThat(properties.stringPropertyNames())
                .as("no profile turns it on")
                .noneSatisfy(k -> assertThat(k).startsWith("%").endsWith("." + key));
        // the environment form of that key, as MicroProfile Config maps it
        String env = key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
        assertThat(Manifests.get(ConfigMap.class, "procscope-api-config").getData())
                .containsEntry(env, "true");
    }

    @Test
    void jdbcUrlKeepsTheApplicationsDriverSettings() {
        // Overriding the URL replaces it whole: reWriteBatchedInserts=true must not be lost.
        String configured =
                Manifests.get(ConfigMap.class, "procscope-api-config").getData().get("QUARKUS_DATASOURCE_JDBC_URL");
        if (!CONFIG.jdbcUrl().isEmpty()) {
            assertThat(parameters(jdbc(configured).getQuery()))
                    .containsAllEntriesOf(parameters(jdbc(CONFIG.jdbcUrl()).getQuery()));
        }
        assertThat(jdbc(configured).getScheme()).isEqualTo("postgresql");
    }

    @Test
    void keysAndPasswordComeFromTheSecret() {
        assertThat(pod.getContainers().get(0).getEnvFrom())
                .singleElement()
                .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("procscope-api-config"));
        assertSecretFile(Manifests.env(api, "PROCSCOPE_ENROLL_SECRETS_FILE").getValue(), "enroll-secrets");
        assertSecretFile(Manifests.env(api, "PROCSCOPE_ADMIN_KEYS_FILE").getValue(), "admin-key");
        assertThat(api.getEnv())
                .extracting(EnvVar::getName)
                .as("the shared-key version's variable, now an alias")
                .doesNotContain("PROCSCOPE_API_KEYS");
        assertSecret(Manifests.env(api, "PROCSCOPE_READ_KEYS"), "read-key");
        assertSecret(Manifests.env(api, "QUARKUS_DATASOURCE_PASSWORD"), "db-password");
        Container postgres = Manifests.container(Manifests.postgres().getSpec().getTemplate());
        assertSecret(Manifests.env(postgres, "PROCSCOPE_DB_PASSWORD"), "db-password");
        assertSecret(Manifests.env(postgres, "POSTGRES_PASSWORD"), "postgres-password");
    }

    @Test
    void jvmFlagsStayInTheImage() {
        assertThat(api.getEnv()).noneSatisfy(e -> assertThat(e.getName()).isIn("JAVA_OPTS", "JAVA_TOOL_OPTIONS"));
        assertThat(api.getCommand()).isNullOrEmpty();
        assertThat(api.getArgs()).isNullOrEmpty();
    }

    /** {@code file} is the Secret's {@code key}, mounted read-only from a volume of the Secret. */
    private void assertSecretFile(String file, String key) {
        java.nio.file.Path path = java.nio.file.Path.of(file);
        var mount = api.getVolumeMounts().stream()
                .filter(m -> path.getParent().equals(java.nio.file.Path.of(m.getMountPath())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path.getParent()));
        var volume = pod.getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();

        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volume.getSecret().getSecretName()).isEqualTo(Manifests.SECRET);
        assertThat(volume.getSecret().getItems()).anySatisfy(i -> {
            assertThat(i.getKey()).isEqualTo(key);
            assertThat(i.getPath()).isEqualTo(path.getFileName().toString());
        });
        // the API runs as uid 1001 in group 0; the files are root's: the group reads, nobody else
        assertThat(pod.getSecurityContext().getRunAsGroup()).isZero();
        assertThat(Integer.toOctalString(volume.getSecret().getDefaultMode())).isEqualTo("440");
    }

    static void assertSecret(EnvVar env, String key) {
        assertThat(env.getValueFrom().getSecretKeyRef().getName())
                .as(env.getName())
                .isEqualTo(Manifests.SECRET);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey())
                .as(env.getName())
                .isEqualTo(key);
        assertThat(env.getValueFrom().getSecretKeyRef().getOptional())
                .as("%s must not start without its secret", env.getName())
                .isNotEqualTo(Boolean.TRUE);
    }

    /** The parameters of a query string, {@code a=1&b=2}. */
    static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(kv[0], kv.length == 2 ? kv[1] : "");
        }
        return parameters;
    }

    static URI jdbc(String url) {
        assertThat(url).startsWith("jdbc:");
        return URI.create(url.substring("jdbc:".length()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object value) {
        return (Map<String, String>) value;
    }
}
