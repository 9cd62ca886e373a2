package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Container and pod attribution on saved {@code /proc/PID/cgroup} files of each layout. */
class ContainerCgroupTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/cgroup");
    private static final String ID = "3f2a9c1b7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b";
    private static final String POD = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // fixture, container id, pod UID
        "v2-containerd-systemd, " + ID + ", " + POD,
        "v2-containerd-seen-from-a-pod, " + ID + ", " + POD,
        "v1-containerd-cgroupfs, " + ID + ", " + POD,
        "hybrid-containerd-systemd, " + ID + ", " + POD,
        "v2-crio-guaranteed, " + ID + ", " + POD,
        "v1-crio-cgroupfs, " + ID + ", " + POD,
        "v2-crio-conmon, , " + POD,
        "v1-docker-cgroupfs, " + ID + ", ",
        "v2-docker-systemd, " + ID + ", ",
        "v2-podman-rootless, " + ID + ", ",
        "v2-host-service, , ",
        "v2-root, , ",
        "v1-host-user-session, , ",
    })
    void findsContainerAndPodInEveryLayout(String fixture, String containerId, String podUid) throws IOException {
        String text = Files.readString(FIXTURES.resolve(fixture));

        ContainerCgroup.Attribution a = ContainerCgroup.parse(text);

        assertThat(a.containerId()).isEqualTo(containerId);
        assertThat(a.podUid()).isEqualTo(podUid);
    }

    @ParameterizedTest
    @CsvSource({
        // not a container: a 32-digit id, an id one digit short, a pod word without a UID
        "'4:memory:/process_api/1d51abbdacd2c3d8d26999d815df32b2'",
        "'0::/docker/3f2a9c1b7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4'",
        "'0::/kubepods.slice/kubepods-podcast.slice'",
        "''",
        "'garbage without colons'",
    })
    void findsNothingWhereThereIsNoContainer(String text) {
        assertThat(ContainerCgroup.parse(text)).isEqualTo(ContainerCgroup.Attribution.NONE);
    }

    @ParameterizedTest
    @CsvSource({
        "/docker/" + ID + "/docker/abababababababababababababababababababababababababababababababab, "
                + "abababababababababababababababababababababababababababababababab",
        "/kubepods/burstable/pod" + POD + "/" + ID + "/system.slice/nginx.service, " + ID,
        "/system.slice/docker-3F2A9C1B7E6D5C4B3A29180F7E6D5C4B3A29180F7E6D5C4B3A29180F7E6D5C4B.scope, " + ID,
    })
    void takesTheInnermostContainerLowerCase(String path, String expected) {
        assertThat(ContainerCgroup.containerIdOf(path)).isEqualTo(expected);
    }
}
