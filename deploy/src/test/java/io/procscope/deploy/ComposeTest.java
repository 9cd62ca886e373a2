package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The one-machine trial, deploy/docker/docker-compose.yml, against the Dockerfiles and the Kubernetes manifests. */
class ComposeTest {

    private static final JsonNode COMPOSE = single(Manifests.documents(Repo.DOCKER.resolve("docker-compose.yml")));
    private static final JsonNode SERVICES = COMPOSE.path("services");
    private static final ApiConfig CONFIG = ApiConfig.load();

    @Test
    void runsPostgresTheApiAndAnAgent() {
        Set<String> names = new TreeSet<>();
        SERVICES.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactly("agent", "api", "postgres");
        assertThat(SERVICES.path("postgres").path("image").asText())
                .as("the same PostgreSQL as Kubernetes")
                .isEqualTo(Manifests.container(Manifests.postgres().getSpec().getTemplate())
                        .getImage());
    }

    @Test
    void servicesBuildTheImagesTheirDockerfilesName() {
        for (String service : List.of("api", "agent")) {
            JsonNode build = SERVICES.path(service).path("build");
            String context = build.path("context").asText();
            Dockerfile file = Dockerfile.parse(Repo.DOCKER
                    .resolve(context)
                    .resolve(build.path("dockerfile").asText()));

            assertThat(Repo.DOCKER.resolve(context).normalize())
                    .as("%s builds from the repository root", service)
                    .isEqualTo(Repo.ROOT.normalize());
            assertThat(SERVICES.path(service).path("image").asText())
                    .as("%s's image is what %s builds", service, file.fileName())
                    .isEqualTo(file.imageReference());
        }
    }

    @Test
    void apiGetsItsDatabaseAndKeys() {
        Map<String, String> env = env("api");
        Map<String, String> postgres = env("postgres");
        URI url = ApiManifestsTest.jdbc(env.get("QUARKUS_DATASOURCE_JDBC_URL"));

        assertThat(env)
                .containsKeys(
                        "QUARKUS_DATASOURCE_PASSWORD",
                        "PROCSCOPE_ENROLL_SECRETS",
                        "PROCSCOPE_READ_KEYS",
                        "PROCSCOPE_ADMIN_KEYS")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", postgres.get("POSTGRES_USER"));
        assertThat(url.getHost()).isEqualTo("postgres");
        assertThat(url.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
        if (!CONFIG.jdbcUrl().isEmpty()) {
            assertThat(url.getQuery())
                    .isEqualTo(ApiManifestsTest.jdbc(CONFIG.jdbcUrl()).getQuery());
        }
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        assertThat(SERVICES.path("api").path("ports").get(0).asText()).endsWith(":" + CONFIG.httpPort());
    }

    @Test
    void agentReadsTheHostLikeTheDaemonSet() {
        JsonNode agent = SERVICES.path("agent");
        Map<String, String> env = env("agent");
        Container daemon = Manifests.container(Manifests.agent().getSpec().getTemplate());
        List<String> volumes = new ArrayList<>();
        agent.path("volumes").forEach(v -> volumes.add(v.asText()));

        assertThat(agent.path("pid").asText()).isEqualTo("host");
        assertThat(volumes)
                .contains(
                        "/proc:" + env.get("PROCSCOPE_AGENT_PROC_PATH") + ":ro",
                        "/etc/passwd:" + env.get("PROCSCOPE_AGENT_PASSWD_PATH") + ":ro");
        assertThat(volumes).anySatisfy(v -> assertThat(v).endsWith(":" + env.get("PROCSCOPE_AGENT_SPOOL_DIR")));
        assertThat(volumes)
                .as("the credential survives the container")
                .anySatisfy(v -> assertThat(env.get("PROCSCOPE_AGENT_CREDENTIAL_FILE"))
                        .startsWith(v.substring(v.indexOf(':') + 1) + "/"));
        assertThat(texts(agent.path("cap_drop"))).containsExactly("ALL");
        assertThat(texts(agent.path("cap_add")))
                .containsExactlyInAnyOrderElementsOf(
                        daemon.getSecurityContext().getCapabilities().getAdd());
        assertThat(env.keySet()).isSubsetOf(AgentSettings.envNames());
        for (String same : List.of(
                "PROCSCOPE_AGENT_PROC_PATH",
                "PROCSCOPE_AGENT_PASSWD_PATH",
                "PROCSCOPE_AGENT_SPOOL_DIR",
                "PROCSCOPE_AGENT_CREDENTIAL_FILE",
                "PROCSCOPE_AGENT_HEALTH_PORT")) {
            assertThat(env.get(same))
                    .as(same)
                    .isEqualTo(Manifests.env(daemon, same).getValue());
        }
    }

    @Test
    void agentEnrollsWithTheSecretTheApiAccepts() {
        URI url = URI.create(env("agent").get("PROCSCOPE_AGENT_API_URL"));

        assertThat(url.getHost()).isEqualTo("api");
        assertThat(url.getPort()).isEqualTo(CONFIG.httpPort());
        assertThat(env("agent").get("PROCSCOPE_AGENT_ENROLL_SECRET"))
                .isEqualTo(env("api").get("PROCSCOPE_ENROLL_SECRETS"));
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreRequired() {
        for (String service : List.of("api", "agent", "postgres")) {
            env(service).forEach((name, value) -> {
                if ((name.contains("PASSWORD") || name.contains("KEY") || name.contains("SECRET"))
                        && !name.endsWith("_FILE")) {
                    assertThat(value).as("%s %s", service, name).matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                }
            });
        }
    }

    private static Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = SERVICES.path(service).path("environment");
        if (environment.isArray()) {
            environment.forEach(e -> {
                String[] pair = e.asText().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        } else {
            environment
                    .fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static JsonNode single(List<JsonNode> documents) {
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }
}
