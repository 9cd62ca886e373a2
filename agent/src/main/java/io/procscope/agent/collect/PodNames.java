package io.procscope.agent.collect;

/**
 * Names the Kubernetes pod of a pod UID read from a process's cgroup. The cgroup only holds the UID;
 * namespace and name come from the API server ({@link KubernetesPods}) where the agent may list the
 * pods of its node.
 */
public interface PodNames {

    /** Names no pod: outside Kubernetes, or without permission to list pods. */
    PodNames NONE = uid -> null;

    /**
     * A pod's name.
     *
     * @param namespace its namespace
     * @param name its name
     */
    record Pod(String namespace, String name) {}

    /**
     * @param podUid a pod UID with dashes, as in {@code metadata.uid}
     * @return the pod, or null when unknown
     */
    Pod podOf(String podUid);
}
