package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's DaemonSet and RBAC: what it reads of the host, how it finds the API, what it may do. */
class AgentManifestsTest {

    private final DaemonSet daemonSet = Manifests.agent();
    private final PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
    private final Container agent = Manifests.container(daemonSet.getSpec().getTemplate());

    @Test
    void sharesTheHostPidNamespaceAndReadsTheHostsProc() {
        assertThat(pod.getHostPID()).isTrue();
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);

        VolumeMount proc = hostMount("/proc");
        assertThat(proc.getReadOnly()).isTrue();
        assertThat(value("PROCSCOPE_AGENT_PROC_PATH")).isEqualTo(proc.getMountPath());
        assertThat(volume(proc).getHostPath().getType()).isEqualTo("Directory");
    }

    @Test
    void namesUsersFromTheHostsPasswdFile() {
        VolumeMount passwd = hostMount("/etc/passwd");

        assertThat(passwd.getReadOnly()).isTrue();
        assertThat(volume(passwd).getHostPath().getType()).isEqualTo("File");
        assertThat(value("PROCSCOPE_AGENT_PASSWD_PATH")).isEqualTo(passwd.getMountPath());
    }

    @Test
    void keepsItsStateOnTheNodeSoTheCredentialAndTheSpoolSurviveARestart() {
        VolumeMount state = hostMount("/var/lib/procscope-agent");

        assertThat(state.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume(state).getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        assertThat(Path.of(value("PROCSCOPE_AGENT_SPOOL_DIR"))).startsWithRaw(Path.of(state.getMountPath()));
        Path credential = Path.of(value("PROCSCOPE_AGENT_CREDENTIAL_FILE"));
        assertThat(credential.getParent())
                .as("the credential in the state volume itself, which the agent makes 0700")
                .isEqualTo(Path.of(state.getMountPath()));
        assertThat(agent.getVolumeMounts())
                .filteredOn(m -> credential.startsWith(m.getMountPath()))
                .extracting(VolumeMount::getName)
                .as("no other mount hides it")
                .containsExactly(state.getName());
    }

    @Test
    void enrollsWithTheSecretMountedAsAFile() {
        Path file = Path.of(value("PROCSCOPE_AGENT_ENROLL_SECRET_FILE"));
        VolumeMount mount = agent.getVolumeMounts().stream()
                .filter(m -> file.getParent().equals(Path.of(m.getMountPath())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + file.getParent()));
        Volume volume = volume(mount);

        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volume.getSecret().getSecretName()).isEqualTo(Manifests.AGENT_SECRET);
        assertThat(volume.getSecret().getOptional()).isNotEqualTo(Boolean.TRUE);
        assertThat(volume.getSecret().getItems()).singleElement().satisfies(i -> {
            assertThat(i.getKey()).isEqualTo("enroll-secret");
            assertThat(i.getPath()).isEqualTo(file.getFileName().toString());
        });
        assertThat(Integer.toOctalString(volume.getSecret().getDefaultMode())).isEqualTo("400");
        assertThat(agent.getEnv())
                .as("no secret in the environment")
                .noneSatisfy(e -> assertThat(
                                e.getValueFrom() == null
                                        ? null
                                        : e.getValueFrom().getSecretKeyRef())
                        .isNotNull());
    }

    @Test
    void reportsTheNodeNameFromTheDownwardApi() {
        assertThat(Manifests.env(agent, "PROCSCOPE_AGENT_HOSTNAME")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("spec.nodeName");
    }

    @Test
    void sendsToTheApiServiceInItsNamespace() {
        URI url = URI.create(value("PROCSCOPE_AGENT_API_URL"));
        // from another namespace a Service is SERVICE.NAMESPACE.svc
        String[] host = url.getHost().split("\\.");
        assertThat(host).hasSize(3);
        assertThat(host[2]).isEqualTo("svc");
        Service api = Manifests.get(Service.class, host[0]);
        assertThat(host[1]).isEqualTo(api.getMetadata().getNamespace());
        assertThat(api.getSpec().getPorts())
                .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(url.getPort()));
        assertThat(api.getSpec().getSelector())
                .isEqualTo(Manifests.api().getSpec().getSelector().getMatchLabels());
    }

    @Test
    void runsOnEveryNodeControlPlaneIncluded() {
        List<Toleration> tolerations = pod.getTolerations();

        assertThat(pod.getNodeSelector()).isNullOrEmpty();
        assertThat(pod.getAffinity()).isNull();
        for (String taint : List.of(
                "node-role.kubernetes.io/control-plane:NoSchedule",
                "node-role.kubernetes.io/master:NoSchedule",
                "node.kubernetes.io/unschedulable:NoSchedule")) {
            String[] keyEffect = taint.split(":");
            assertThat(tolerations)
                    .as("tolerates %s", taint)
                    .anySatisfy(t ->
                            assertThat(tolerates(t, keyEffect[0], keyEffect[1])).isTrue());
        }
    }

    @Test
    void servesHealthAndMetricsOnOnePort() {
        ContainerPort metrics = agent.getPorts().stream()
                .filter(p -> "metrics".equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the agent declares no port named metrics"));
        int port = metrics.getContainerPort();
        Map<String, String> annotations =
                daemonSet.getSpec().getTemplate().getMetadata().getAnnotations();

        assertThat(value("PROCSCOPE_AGENT_HEALTH_PORT")).isEqualTo(String.valueOf(port));
        for (var probe : List.of(agent.getLivenessProbe(), agent.getReadinessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(Manifests.port(agent, probe.getHttpGet().getPort())).isEqualTo(port);
        }
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(port))
                .containsEntry("prometheus.io/path", "/metrics");

        GenericKubernetesResource monitor = Manifests.custom("PodMonitor", "procscope-agent");
        assertThat(Manifests.keys(Manifests.field(monitor, "spec"))).containsOnly("selector", "podMetricsEndpoints");
        assertThat(daemonSet.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(stringMap(Manifests.field(monitor, "spec", "selector", "matchLabels")));
        List<?> endpoints = (List<?>) Manifests.field(monitor, "spec", "podMetricsEndpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(Manifests.keys(e)).containsOnly("port", "path", "interval");
            assertThat(((Map<?, ?>) e).get("port")).isEqualTo("metrics");
            assertThat(((Map<?, ?>) e).get("path")).isEqualTo("/metrics");
        });
    }

    @Test
    void isReadyWhenItsHealthAnswersAndCountsAsAvailableOnlyAfterThreeIntervals() {
        var readiness = agent.getReadinessProbe();
        long interval = java.time.Duration.parse(
                        "PT" + value("PROCSCOPE_AGENT_INTERVAL").toUpperCase())
                .toSeconds();

        assertThat(readiness).as("a readiness probe").isNotNull();
        assertThat(readiness.getPeriodSeconds()).isLessThanOrEqualTo((int) interval);
        assertThat(daemonSet.getSpec().getMinReadySeconds())
                .as("an agent that fails at start holds the rollout")
                .isGreaterThanOrEqualTo((int) (3 * interval));
        assertThat(daemonSet
                        .getSpec()
                        .getUpdateStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getStrVal())
                .endsWith("%");
    }

    @Test
    void isEvictedLastAsANodeAgent() {
        assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
        io.fabric8.kubernetes.api.model.ResourceQuota quota =
                Manifests.get(io.fabric8.kubernetes.api.model.ResourceQuota.class, "procscope-agent-critical-pods");
        assertThat(quota.getMetadata().getNamespace())
                .isEqualTo(daemonSet.getMetadata().getNamespace());
        assertThat(quota.getSpec().getScopeSelector().getMatchExpressions())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getScopeName()).isEqualTo("PriorityClass");
                    assertThat(e.getOperator()).isEqualTo("In");
                    assertThat(e.getValues()).containsExactly(pod.getPriorityClassName());
                });
        assertThat(Integer.parseInt(quota.getSpec().getHard().get("pods").getAmount()))
                .as("room for an agent on every node of the largest cluster")
                .isGreaterThanOrEqualTo(5000);
    }

    @Test
    void logsOneJsonObjectPerLine() {
        assertThat(value("PROCSCOPE_AGENT_LOG_FORMAT")).isEqualTo("json");
    }

    @Test
    void holdsOnlyThePrivilegesThatReadOtherUsersProcesses() {
        var security = agent.getSecurityContext();

        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        // SYS_PTRACE for other users' exe and cwd links; agent/src/test/.../CollectionPrivilegesIT proves
        // on a real /proc that DAC_READ_SEARCH adds nothing to what the agent reads
        assertThat(security.getCapabilities().getAdd()).containsExactly("SYS_PTRACE");
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(agent.getVolumeMounts())
                .as("a writable /tmp for JNA beside the read-only root")
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void hasResourceLimits() {
        assertThat(agent.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(agent.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    @Test
    void mayListPodsAndNothingElse() throws java.io.IOException {
        String account = pod.getServiceAccountName();
        ClusterRoleBinding binding = Manifests.get(ClusterRoleBinding.class, "procscope-agent");
        ClusterRole role = Manifests.get(ClusterRole.class, binding.getRoleRef().getName());

        assertThat(Manifests.get(ServiceAccount.class, account)).isNotNull();
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account);
        });
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactly("list");
            assertThat(rule.getResourceNames()).isNullOrEmpty();
        });
        // what the agent asks the API server: one list of its node's pods, no watch, no get
        String pods = java.nio.file.Files.readString(
                Repo.ROOT.resolve("agent/src/main/java/io/procscope/agent/collect/KubernetesPods.java"));
        assertThat(pods).contains("\"/api/v1/pods?fieldSelector=\"").doesNotContain("watch=");
        assertThat(java.util.regex.Pattern.compile("\"/api[s]?/")
                        .matcher(pods)
                        .results()
                        .count())
                .as("one API path in the agent")
                .isEqualTo(1);
    }

    @Test
    void setsOnlySettingsTheAgentReads() {
        assertThat(agent.getEnv())
                .extracting(EnvVar::getName)
                .isSubsetOf(AgentSettings.envNames())
                .doesNotHaveDuplicates();
        assertThat(agent.getImage())
                .isEqualTo(Dockerfile.AGENT_IMAGE + ":" + Repo.releaseVersion() + Dockerfile.NATIVE_SUFFIX);
    }

    private String value(String env) {
        String value = Manifests.env(agent, env).getValue();
        assertThat(value).as(env).isNotBlank();
        return value;
    }

    /** The container's mount of the named host path. */
    private VolumeMount hostMount(String hostPath) {
        Volume volume = pod.getVolumes().stream()
                .filter(v ->
                        v.getHostPath() != null && v.getHostPath().getPath().equals(hostPath))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no hostPath volume for " + hostPath));
        return agent.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the agent does not mount " + volume.getName()));
    }

    private Volume volume(VolumeMount mount) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
    }

    /** Kubernetes's rule for whether a toleration matches a taint (which has no value here). */
    static boolean tolerates(Toleration toleration, String key, String effect) {
        boolean effectMatches =
                toleration.getEffect() == null || toleration.getEffect().equals(effect);
        if ("Exists".equals(toleration.getOperator())) {
            return effectMatches
                    && (toleration.getKey() == null || toleration.getKey().equals(key));
        }
        return effectMatches
                && key.equals(toleration.getKey())
                && (toleration.getValue() == null || toleration.getValue().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object value) {
        return (Map<String, String>) value;
    }
}
