package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

/** The bundled PostgreSQL: a StatefulSet whose data lives on a volume, behind its governing Service. */
class PostgresManifestsTest {

    /** The API's role, which the init script makes. */
    static final String ROLE = "procscope";

    /** The database that role owns. */
    static final String DATABASE = "procscope";

    /** The script the postgres image runs once, at initdb. */
    static String initScript() {
        ConfigMap init = Manifests.get(ConfigMap.class, "procscope-postgres-init");
        assertThat(init.getData()).hasSize(1);
        return init.getData().values().iterator().next();
    }

    private final StatefulSet statefulSet = Manifests.postgres();
    private final Container postgres = Manifests.container(statefulSet.getSpec().getTemplate());

    @Test
    void keepsItsDataOnAPersistentVolume() {
        PersistentVolumeClaim claim = statefulSet.getSpec().getVolumeClaimTemplates().stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("procscope-postgres has no volumeClaimTemplate"));
        VolumeMount data = postgres.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(claim.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("postgres does not mount its claim"));

        assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
        assertThat(Manifests.env(postgres, "PGDATA").getValue())
                .as("PGDATA is on the volume")
                .startsWith(data.getMountPath() + "/");
    }

    @Test
    void isReachedThroughItsGoverningService() {
        Service service = Manifests.get(Service.class, statefulSet.getSpec().getServiceName());

        assertThat(service.getMetadata().getName()).isEqualTo("procscope-postgres");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(5432);
            assertThat(Manifests.port(postgres, p.getTargetPort())).isEqualTo(5432);
        });
    }

    @Test
    void createsTheApisRoleWithoutSuperuserAndTheDatabaseItOwns() {
        var init = statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no init script volume"));
        assertThat(init.getConfigMap().getName()).isEqualTo("procscope-postgres-init");
        assertThat(postgres.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(init.getName());
            assertThat(m.getMountPath()).isEqualTo("/docker-entrypoint-initdb.d");
        });
        assertThat(Manifests.env(postgres, "POSTGRES_USER").getValue())
                .as("the image's superuser is not the API's role")
                .isEqualTo("postgres");
        assertThat(postgres.getEnv())
                .as("the image would create the database as the superuser's")
                .noneSatisfy(e -> assertThat(e.getName()).isEqualTo("POSTGRES_DB"));
        assertThat(initScript())
                .contains("CREATE ROLE " + ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION")
                .contains("CREATE DATABASE " + DATABASE + " OWNER " + ROLE)
                .contains("\\getenv procscope_password PROCSCOPE_DB_PASSWORD")
                .doesNotContain("$PROCSCOPE_DB_PASSWORD");
        assertThat(postgres.getReadinessProbe().getExec().getCommand())
                .startsWith("pg_isready")
                .containsSequence("-U", ROLE)
                .containsSequence("-d", DATABASE);
    }

    @Test
    void runsAsThePostgresUserOnAReadOnlyRoot() {
        var pod = statefulSet.getSpec().getTemplate().getSpec().getSecurityContext();

        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isEqualTo(70L);
        assertThat(pod.getFsGroup()).as("the volume is writable by that user").isEqualTo(70L);
        assertThat(postgres.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(postgres.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(postgres.getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .contains("/var/run/postgresql", "/tmp");
        assertThat(postgres.getResources().getLimits()).containsKeys("cpu", "memory");
    }
}
