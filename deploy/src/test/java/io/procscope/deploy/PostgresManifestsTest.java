package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

/** The bundled PostgreSQL: a StatefulSet whose data lives on a volume, behind its governing Service. */
class PostgresManifestsTest {

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
    void createsTheProcscopeDatabaseAndUser() {
        assertThat(Manifests.env(postgres, "POSTGRES_DB").getValue()).isEqualTo("procscope");
        assertThat(Manifests.env(postgres, "POSTGRES_USER").getValue()).isEqualTo("procscope");
        assertThat(postgres.getReadinessProbe().getExec().getCommand())
                .startsWith("pg_isready")
                .containsSequence("-U", "procscope")
                .containsSequence("-d", "procscope");
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
