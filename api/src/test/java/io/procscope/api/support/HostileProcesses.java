package io.procscope.api.support;

import static io.procscope.api.support.Reports.inPod;
import static io.procscope.api.support.Reports.process;

import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;

/**
 * Processes whose names, command lines, working directories and pod labels are markup and broken
 * quotes, as a hostile (or careless) workload can make them: every page must show them as inert
 * text. Each payload opens an alert with its own number, so a leak names the field it came from.
 */
public final class HostileProcesses {

    /** A process name that is an element with an event handler. */
    public static final String NAME = "<img src=x onerror=alert(1)>";

    /** A command line that closes an attribute and opens a script. */
    public static final String COMMAND = "evil \"><script>alert(2)</script>";

    /** A working directory that closes an attribute and opens a script. */
    public static final String CWD = "/tmp/\"><script>alert(3)</script>";

    /** A pod name Kubernetes would refuse, as a forged agent may send it. */
    public static final String POD_NAME = "<svg onload=alert(4)>";

    /** A pod namespace Kubernetes would refuse, as a forged agent may send it. */
    public static final String POD_NAMESPACE = "\"><script>alert(5)</script>";

    /** A container id that closes an attribute and adds a handler. */
    public static final String CONTAINER_ID = "\" onmouseover=alert(6) x=\"";

    /** The hostile pod's UID: a well-formed one, since pages filter by it. */
    public static final String POD_UID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";

    /** The user all of them run as. */
    public static final String USER = "mallory";

    private HostileProcesses() {}

    /** A quiet hostile child of init (0.5 % CPU, 1 MiB resident), started at {@link Reports#STARTED} + pid. */
    public static ProcessInfo sleeping(int pid) {
        return process(pid, 1, NAME, COMMAND, USER, 0.5, 1L << 20);
    }

    /**
     * A hostile process that started a second ago and is the busiest anywhere (9999 % CPU), with a
     * hostile working directory: it tops the fleet's CPU list and its recent starts, so the overview
     * shows it too.
     */
    public static ProcessInfo busy(int pid, int ppid) {
        return new ProcessInfo(
                pid,
                ppid,
                NAME,
                "/usr/bin/" + NAME,
                COMMAND,
                USER,
                ProcessStatus.RUNNING,
                System.currentTimeMillis() - 1000,
                9999.0,
                1L << 20,
                1L << 22,
                1,
                0,
                CWD);
    }

    /** A hostile child of init in a container of a pod whose labels are hostile too. */
    public static ProcessInfo inHostilePod(int pid) {
        return inPod(
                process(pid, 1, NAME, COMMAND, USER, 0.1, 1L << 20), CONTAINER_ID, POD_UID, POD_NAMESPACE, POD_NAME);
    }
}
