package io.procscope.agent.collect;

import java.util.List;
import java.util.Map;
import oshi.software.os.OSProcess;
import oshi.software.os.OSThread;

/**
 * A fixed {@link OSProcess}: the getters the agent reads return the fields below; everything else
 * fails the test, {@code getUser()} above all (it forks {@code getent} per process in OSHI).
 */
final class FakeProcess implements OSProcess {

    int pid = 4242;
    int ppid = 1;
    String name = "postgres";
    String path = "/usr/lib/postgresql/15/bin/postgres";
    String commandLine = "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main";
    String cwd = "/var/lib/postgresql/15/main";
    String uid = "105";
    State state = State.SLEEPING;
    int priority = 20;
    long startTime = 1_764_000_000_000L;
    long upTime = 60_000L;
    long userTime = 1_200L;
    long kernelTime = 300L;
    long rss = 48L << 20;
    long vms = 220L << 20;
    int threads = 7;

    FakeProcess pid(int pid) {
        this.pid = pid;
        return this;
    }

    FakeProcess times(long busyMillis, long upTimeMillis) {
        this.userTime = busyMillis;
        this.kernelTime = 0;
        this.upTime = upTimeMillis;
        return this;
    }

    FakeProcess startTime(long startTime) {
        this.startTime = startTime;
        return this;
    }

    FakeProcess state(State state) {
        this.state = state;
        return this;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public String getCommandLine() {
        return commandLine;
    }

    @Override
    public String getCurrentWorkingDirectory() {
        return cwd;
    }

    @Override
    public String getUser() {
        throw new AssertionError("getUser() forks 'getent passwd' per process in OSHI; use getUserID()");
    }

    @Override
    public String getUserID() {
        return uid;
    }

    @Override
    public State getState() {
        return state;
    }

    @Override
    public int getProcessID() {
        return pid;
    }

    @Override
    public int getParentProcessID() {
        return ppid;
    }

    @Override
    public int getThreadCount() {
        return threads;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public long getVirtualSize() {
        return vms;
    }

    @Override
    public long getResidentSetSize() {
        return rss;
    }

    @Override
    public long getKernelTime() {
        return kernelTime;
    }

    @Override
    public long getUserTime() {
        return userTime;
    }

    @Override
    public long getUpTime() {
        return upTime;
    }

    @Override
    public long getStartTime() {
        return startTime;
    }

    // ---- not read by the agent -----------------------------------------------------------------

    @Override
    public List<String> getArguments() {
        throw unread();
    }

    @Override
    public Map<String, String> getEnvironmentVariables() {
        throw unread();
    }

    @Override
    public String getGroup() {
        throw unread();
    }

    @Override
    public String getGroupID() {
        throw unread();
    }

    @Override
    public long getBytesRead() {
        throw unread();
    }

    @Override
    public long getBytesWritten() {
        throw unread();
    }

    @Override
    public long getOpenFiles() {
        throw unread();
    }

    @Override
    public long getSoftOpenFileLimit() {
        throw unread();
    }

    @Override
    public long getHardOpenFileLimit() {
        throw unread();
    }

    @Override
    public double getProcessCpuLoadCumulative() {
        throw unread();
    }

    @Override
    public double getProcessCpuLoadBetweenTicks(OSProcess proc) {
        throw unread();
    }

    @Override
    public int getBitness() {
        throw unread();
    }

    @Override
    public long getAffinityMask() {
        throw unread();
    }

    @Override
    public boolean updateAttributes() {
        throw unread();
    }

    @Override
    public List<OSThread> getThreadDetails() {
        throw unread();
    }

    private static AssertionError unread() {
        return new AssertionError("the agent does not read this");
    }
}
