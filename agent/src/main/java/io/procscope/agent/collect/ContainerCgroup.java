package io.procscope.agent.collect;

import java.util.Locale;

/**
 * Which container, and on Kubernetes which pod, a process belongs to, from its {@code
 * /proc/PID/cgroup}. Pure: parses the file's text.
 *
 * <p>Each line is {@code hierarchy-id:controllers:path}: one {@code 0::/path} line on cgroup v2,
 * one line per controller on v1, both on hybrid hosts. The container runtimes name the leaf of a
 * container's cgroup after its id, 64 hex digits:
 *
 * <ul>
 *   <li>containerd: {@code cri-containerd-ID.scope} (systemd driver) or {@code .../podUID/ID}
 *       (cgroupfs driver);
 *   <li>CRI-O: {@code crio-ID.scope} or {@code .../podUID/crio-ID}; its monitor {@code
 *       crio-conmon-ID.scope} is not the container, so it gets the pod but no container;
 *   <li>Docker: {@code docker-ID.scope} (systemd driver) or {@code /docker/ID} (cgroupfs); Podman
 *       {@code libpod-ID.scope}.
 * </ul>
 *
 * The pod's UID sits in a parent: {@code kubepods-burstable-pod<uid with _>.slice} (systemd driver)
 * or {@code /kubepods/burstable/pod<uid>} (cgroupfs). Paths are relative to the reader's cgroup
 * namespace, so from a pod they may start with {@code /../..}; only the segment names matter here.
 */
final class ContainerCgroup {

    /** Length of a container id: 64 hex digits (a SHA-256). */
    static final int ID_LENGTH = 64;

    /** Length of a pod UID: 36 characters, 8-4-4-4-12 hex digits. */
    static final int UID_LENGTH = 36;

    private ContainerCgroup() {}

    /**
     * A process's place among containers.
     *
     * @param containerId 64 lower-case hex digits, or null outside a container
     * @param podUid the Kubernetes pod's UID with dashes, or null outside a pod
     */
    record Attribution(String containerId, String podUid) {

        /** Not in a container. */
        static final Attribution NONE = new Attribution(null, null);
    }

    /**
     * Reads the container id and pod UID from a cgroup file.
     *
     * @param text the file's content
     * @return what was found; {@link Attribution#NONE} for a host process or an unreadable file
     */
    static Attribution parse(String text) {
        String containerId = null;
        String podUid = null;
        int lineStart = 0;
        int n = text.length();
        while (lineStart < n && (containerId == null || podUid == null)) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            int c1 = text.indexOf(':', lineStart);
            int c2 = c1 < 0 || c1 >= lineEnd ? -1 : text.indexOf(':', c1 + 1);
            if (c2 >= 0 && c2 < lineEnd) {
                String path = text.substring(c2 + 1, lineEnd);
                if (containerId == null) {
                    containerId = containerIdOf(path);
                }
                if (podUid == null) {
                    podUid = podUidOf(path);
                }
            }
            lineStart = lineEnd + 1;
        }
        return containerId == null && podUid == null ? Attribution.NONE : new Attribution(containerId, podUid);
    }

    /**
     * The innermost segment of a cgroup path that names a container: one holding exactly 64 hex
     * digits, such as {@code cri-containerd-ID.scope}, {@code crio-ID}, {@code docker-ID.scope} or
     * {@code ID}. A runtime's monitor ({@code crio-conmon-ID.scope}, {@code libpod-conmon-ID.scope})
     * names a container it is not part of, and a path that does not end in the container (the pod's
     * own slice) names none.
     *
     * @param path a cgroup path such as {@code /kubepods.slice/.../cri-containerd-ID.scope}
     * @return the id, lower case, or null
     */
    static String containerIdOf(String path) {
        int end = path.length();
        while (end > 0) {
            int start = path.lastIndexOf('/', end - 1) + 1;
            String id = idInSegment(path, start, end);
            if (id != null) {
                return id;
            }
            end = start - 1;
        }
        return null;
    }

    private static String idInSegment(String path, int start, int end) {
        int i = start;
        while (i < end) {
            if (!isHex(path.charAt(i))) {
                i++;
                continue;
            }
            int runStart = i;
            while (i < end && isHex(path.charAt(i))) {
                i++;
            }
            if (i - runStart == ID_LENGTH) {
                String prefix = path.substring(start, runStart);
                if (prefix.contains("conmon")) {
                    return null;
                }
                return path.substring(runStart, i).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /**
     * The pod UID in a Kubernetes cgroup path: {@code pod} followed by a UID, with dashes (cgroupfs
     * driver) or underscores (systemd driver, whose unit names cannot hold dashes).
     *
     * @param path a cgroup path
     * @return the UID with dashes, lower case, or null
     */
    static String podUidOf(String path) {
        if (!path.contains("kubepods")) {
            return null;
        }
        int from = 0;
        while (true) {
            int at = path.indexOf("pod", from);
            if (at < 0) {
                return null;
            }
            int start = at + 3;
            if (start + UID_LENGTH <= path.length() && isUid(path, start)) {
                return path.substring(start, start + UID_LENGTH)
                        .replace('_', '-')
                        .toLowerCase(Locale.ROOT);
            }
            from = at + 1;
        }
    }

    private static boolean isUid(String s, int start) {
        for (int k = 0; k < UID_LENGTH; k++) {
            char c = s.charAt(start + k);
            boolean dashPosition = k == 8 || k == 13 || k == 18 || k == 23;
            if (dashPosition ? c != '-' && c != '_' : !isHex(c)) {
                return false;
            }
        }
        int after = start + UID_LENGTH;
        // the UID ends the segment (cgroupfs) or the slice name (systemd)
        return after == s.length() || s.charAt(after) == '/' || s.startsWith(".slice", after);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
