package io.procscope.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.FileSystemUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountedFileSystemsTest {

    /** A node's mount table: disks, a bind mount, the pseudo file systems and a network share. */
    private static final List<String> NODE = List.of(
            "proc /proc proc rw,relatime 0 0",
            "sysfs /sys sysfs rw,relatime 0 0",
            "devtmpfs /dev devtmpfs rw,relatime,size=12334432k 0 0",
            "tmpfs /dev/shm tmpfs rw,relatime 0 0",
            "/dev/vda1 / ext4 rw,relatime 0 0",
            "/dev/vdb1 /var/lib/containerd xfs rw,relatime 0 0",
            "tmpfs /run tmpfs rw,nosuid,nodev 0 0",
            "tmpfs /run/user/1000 tmpfs rw 0 0",
            "cgroup2 /sys/fs/cgroup cgroup2 rw 0 0",
            "overlay /var/lib/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs overlay rw 0 0",
            "nfs.internal:/exports /mnt/share nfs4 rw 0 0",
            "/dev/vdc1 /srv/my\\040data ext4 rw 0 0",
            "/dev/vda1 / ext4 rw,relatime 0 0",
            "garbage");

    @Test
    void keepsTheLocalFileSystemsOshiWouldList() {
        List<MountedFileSystems.Mount> local = MountedFileSystems.localMounts(MountedFileSystems.parse(NODE));

        assertThat(local)
                .extracting(MountedFileSystems.Mount::mountPoint)
                .containsExactly("/", "/var/lib/containerd", "/srv/my data", "/");
        assertThat(local.get(1).type()).isEqualTo("xfs");
    }

    @Test
    void measuresEachMountOnceFromTheTable(@TempDir Path proc) throws IOException {
        Path self = Files.createDirectories(proc.resolve("self"));
        Files.writeString(self.resolve("mounts"), String.join("\n", NODE) + "\n");
        Files.createDirectories(proc.resolve("1"));
        Files.writeString(proc.resolve("1/mounts"), String.join("\n", NODE) + "\n");
        Files.createSymbolicLink(proc.resolve("1/root"), Path.of("/"));

        List<FileSystemUsage> fs = new MountedFileSystems(proc).read();

        assertThat(fs).extracting(FileSystemUsage::mountPoint).contains("/").doesNotHaveDuplicates();
        FileSystemUsage root = fs.get(0);
        assertThat(root.type()).isEqualTo("ext4");
        assertThat(root.totalBytes()).isPositive();
        assertThat(root.usedBytes()).isBetween(0L, root.totalBytes());
    }
}
