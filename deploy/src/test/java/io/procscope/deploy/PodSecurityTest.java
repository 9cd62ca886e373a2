package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pod Security: the namespace procscope enforces "restricted" and every pod in it meets it; the
 * agents, which cannot, have the namespace procscope-agent to themselves under "privileged". The
 * checks below are the "restricted" profile's (kubernetes.io/docs/concepts/security/pod-security-
 * standards), baseline's included, for the fields a pod template can set.
 */
class PodSecurityTest {

    private static final String ENFORCE = "pod-security.kubernetes.io/enforce";

    /** Volume types "restricted" allows. */
    private static final Set<String> RESTRICTED_VOLUMES = Set.of(
            "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");

    @Test
    void procscopeEnforcesRestrictedAndTheAgentsNamespacePrivileged() {
        Map<String, String> procscope = Manifests.get(Namespace.class, Manifests.NAMESPACE)
                .getMetadata()
                .getLabels();
        Map<String, String> agents = Manifests.get(Namespace.class, Manifests.AGENT_NAMESPACE)
                .getMetadata()
                .getLabels();

        assertThat(procscope)
                .containsEntry(ENFORCE, "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted");
        assertThat(agents).containsEntry(ENFORCE, "privileged");
    }

    @Test
    void everyPodOfTheNamespaceProcscopeMeetsRestricted() {
        List<String> workloads = new ArrayList<>();
        Manifests.podTemplates().forEach((workload, template) -> {
            if (Manifests.namespaceOf(workload).equals(Manifests.NAMESPACE)) {
                workloads.add(workload);
                assertThat(restrictedViolations(template)).as(workload).isEmpty();
            }
        });
        assertThat(workloads).contains("Deployment/procscope-api", "StatefulSet/procscope-postgres");
    }

    @Test
    void onlyTheAgentsNeedPrivilegedAndTheCheckSaysWhy() {
        List<String> violations =
                restrictedViolations(Manifests.agent().getSpec().getTemplate());

        assertThat(violations)
                .as("the checker finds what keeps the agent out of restricted")
                .anySatisfy(v -> assertThat(v).contains("hostPID"))
                .anySatisfy(v -> assertThat(v).contains("hostPath"))
                .anySatisfy(v -> assertThat(v).contains("SYS_PTRACE"))
                .anySatisfy(v -> assertThat(v).contains("runAsNonRoot"));
        Manifests.podTemplates().forEach((workload, template) -> {
            if (Manifests.namespaceOf(workload).equals(Manifests.AGENT_NAMESPACE)) {
                assertThat(workload).isEqualTo("DaemonSet/procscope-agent");
            }
        });
    }

    /** What keeps a pod template from the "restricted" level; empty when it meets it. */
    static List<String> restrictedViolations(PodTemplateSpec template) {
        List<String> v = new ArrayList<>();
        PodSpec pod = template.getSpec();
        PodSecurityContext podSecurity =
                pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        // baseline
        if (Boolean.TRUE.equals(pod.getHostPID())) {
            v.add("hostPID");
        }
        if (Boolean.TRUE.equals(pod.getHostIPC())) {
            v.add("hostIPC");
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork())) {
            v.add("hostNetwork");
        }
        if (podSecurity.getSysctls() != null && !podSecurity.getSysctls().isEmpty()) {
            v.add("sysctls");
        }
        // restricted: volume types
        for (Volume volume : pod.getVolumes()) {
            String type = volumeType(volume);
            if (!RESTRICTED_VOLUMES.contains(type)) {
                v.add("volume " + volume.getName() + " is " + type);
            }
        }
        if (podSecurity.getSeLinuxOptions() != null
                && podSecurity.getSeLinuxOptions().getType() != null) {
            v.add("pod seLinuxOptions.type");
        }
        List<Container> containers = Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
                .toList();
        for (Container c : containers) {
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            String name = "container " + c.getName() + ": ";
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                v.add(name + "privileged");
            }
            if (c.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)) {
                v.add(name + "hostPort");
            }
            if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
                v.add(name + "procMount");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                v.add(name + "allowPrivilegeEscalation is not false");
            }
            boolean nonRoot = sc.getRunAsNonRoot() != null
                    ? sc.getRunAsNonRoot()
                    : Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
            if (!nonRoot) {
                v.add(name + "runAsNonRoot is not true");
            }
            Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : podSecurity.getRunAsUser();
            if (uid != null && uid == 0) {
                v.add(name + "runAsUser 0");
            }
            String seccomp = sc.getSeccompProfile() != null
                    ? sc.getSeccompProfile().getType()
                    : podSecurity.getSeccompProfile() == null
                            ? null
                            : podSecurity.getSeccompProfile().getType();
            if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                v.add(name + "seccompProfile is " + seccomp);
            }
            Capabilities caps = sc.getCapabilities();
            if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                v.add(name + "does not drop ALL capabilities");
            }
            if (caps != null && caps.getAdd() != null) {
                caps.getAdd().stream()
                        .filter(a -> !a.equals("NET_BIND_SERVICE"))
                        .forEach(a -> v.add(name + "adds " + a));
            }
        }
        return v;
    }

    private static String volumeType(Volume volume) {
        if (volume.getConfigMap() != null) {
            return "configMap";
        }
        if (volume.getSecret() != null) {
            return "secret";
        }
        if (volume.getEmptyDir() != null) {
            return "emptyDir";
        }
        if (volume.getPersistentVolumeClaim() != null) {
            return "persistentVolumeClaim";
        }
        if (volume.getProjected() != null) {
            return "projected";
        }
        if (volume.getDownwardAPI() != null) {
            return "downwardAPI";
        }
        if (volume.getCsi() != null) {
            return "csi";
        }
        if (volume.getEphemeral() != null) {
            return "ephemeral";
        }
        if (volume.getHostPath() != null) {
            return "hostPath";
        }
        return "another type";
    }
}
