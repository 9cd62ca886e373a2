package io.procscope.api.alerts;

import io.procscope.dto.match.Glob;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which hosts a rule applies to: every host, hosts whose name matches one of the globs, hosts that
 * run a process of a pod of the namespace, or both at once (each that is set must hold).
 * Immutable.
 */
public final class HostSelector {

    /** Every host. */
    public static final HostSelector ALL = new HostSelector(List.of(), null);

    private final List<String> hostnames;
    private final List<Glob> globs;
    private final String podNamespace;

    /**
     * @param hostnames hostname globs ({@code *} for any run of characters), one of which a host's
     *     name matches, case-sensitively; empty for any name
     * @param podNamespace a Kubernetes namespace the host runs a pod of; null for any host
     */
    public HostSelector(List<String> hostnames, String podNamespace) {
        this.hostnames = List.copyOf(hostnames);
        this.globs = this.hostnames.stream().map(Glob::of).toList();
        this.podNamespace = podNamespace;
    }

    public List<String> hostnames() {
        return hostnames;
    }

    /** The namespace, or null. */
    public String podNamespace() {
        return podNamespace;
    }

    /** True for the selector of every host. */
    public boolean isAll() {
        return hostnames.isEmpty() && podNamespace == null;
    }

    /** Whether a host's name is selected, leaving its pods aside. */
    boolean selectsName(String hostname) {
        if (globs.isEmpty()) {
            return true;
        }
        for (Glob g : globs) {
            if (g.matches(hostname)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param hostname the host's name
     * @param podNamespaces the namespaces of the pods the host runs processes of, as far as known
     */
    boolean selects(String hostname, Set<String> podNamespaces) {
        return selectsName(hostname) && (podNamespace == null || podNamespaces.contains(podNamespace));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostSelector h
                && h.hostnames.equals(hostnames)
                && Objects.equals(h.podNamespace, podNamespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostnames, podNamespace);
    }

    @Override
    public String toString() {
        return "HostSelector" + hostnames + (podNamespace == null ? "" : " ns=" + podNamespace);
    }
}
