package io.procscope.agent.collect;

import io.procscope.dto.HostInfo;
import io.procscope.dto.SystemMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the host from Linux's {@code /proc} with {@link LinuxHost}, so that the agent's loop on Linux
 * loads neither OSHI nor JNA (about 170 classes and JNA's native library, a few MB of the agent's
 * resident memory). The values are OSHI's, read from the same files, with these differences:
 *
 * <ul>
 *   <li>load averages come from {@code /proc/loadavg}, rounded to 0.01, where OSHI's
 *       {@code getloadavg} gives the kernel's full fixed-point value (0.6127 for 0.61);
 *   <li>the OS name and version come from {@code os-release} only, read through PID 1's root first so
 *       that from a container it is the host's; OSHI reads the container's {@code /etc}, and tries
 *       {@code /etc/system-release}, {@code lsb_release} and {@code /etc/*-release} too;
 *   <li>without {@code MemAvailable} (kernels before 3.14) memory used is null, where OSHI estimates it
 *       from free, file cache and reclaimable slab;
 *   <li>the host name, when the {@code hostname} setting is empty, is the kernel's ({@code
 *       sys/kernel/hostname}) and never a DNS answer; {@code localhost} when unreadable, as before.
 * </ul>
 *
 * A file that cannot be read leaves its values null and is logged once; the others are reported.
 */
public final class LinuxHostCollector implements HostCollector {

    private static final Logger LOG = Logger.getLogger(LinuxHostCollector.class.getName());

    private final Path procPath;
    private final LinuxHost host;
    private final Optional<String> configuredHostname;
    private final MountedFileSystems mounts;
    private final Set<String> warned = new HashSet<>();
    private Long bootTimeMillis;
    private boolean bootTimeRead;
    private LinuxHost.OsRelease osRelease;
    private String kernelRelease;
    private boolean releaseRead;
    private Integer cpuCount;
    private long[] previousTicks;

    /**
     * @param procPath where {@code /proc} is mounted; {@code /host/proc} from a container
     * @param configuredHostname the {@code hostname} setting; empty to ask the kernel
     */
    public LinuxHostCollector(Path procPath, Optional<String> configuredHostname) {
        this(new LinuxHost(procPath), procPath, configuredHostname);
    }

    LinuxHostCollector(LinuxHost host, Path procPath, Optional<String> configuredHostname) {
        this.procPath = procPath;
        this.host = host;
        this.configuredHostname = configuredHostname;
        this.mounts = new MountedFileSystems(procPath);
    }

    /**
     * When the host booted, {@code btime} of {@code /proc/stat}, read once: the kernel moves it when
     * the clock is stepped, and process start times, computed from it, must stay put.
     *
     * @return ms since the epoch, whole seconds; null when {@code /proc/stat} has none
     */
    public Long bootTimeMillis() {
        if (!bootTimeRead) {
            LinuxHost.Stat stat = readStat();
            bootTimeMillis = stat == null ? null : stat.bootTimeMillis();
            bootTimeRead = true;
        }
        return bootTimeMillis;
    }

    @Override
    public void prime() {
        LinuxHost.Stat stat = readStat();
        previousTicks = stat == null ? null : stat.cpuTicks();
    }

    @Override
    public HostInfo hostInfo() {
        if (!releaseRead) {
            // they change with an upgrade and a reboot, not while the agent runs (OSHI reads them once too)
            osRelease = host.readOsRelease();
            kernelRelease = host.readKernelRelease();
            if (osRelease == null) {
                warnOnce(procPath.resolve("1/root/etc/os-release") + " nor /etc/os-release");
            }
            releaseRead = true;
        }
        if (cpuCount == null) {
            readStat();
        }
        LinuxHost.Memory memory = host.readMemory();
        return new HostInfo(
                configuredHostname.orElseGet(this::kernelHostname),
                Fields.cut(osRelease == null ? null : Fields.blankToNull(osRelease.name()), HostInfo.MAX_OS_LENGTH),
                Fields.cut(
                        osRelease == null ? null : HostValues.osVersion(osRelease.version(), osRelease.codeName()),
                        HostInfo.MAX_OS_LENGTH),
                Fields.cut(kernelRelease, HostInfo.MAX_OS_LENGTH),
                "linux",
                System.getProperty("os.arch"),
                cpuCount,
                memory == null ? null : positiveOrNull(memory.totalBytes()),
                bootTimeMillis());
    }

    @Override
    public SystemMetrics metrics() {
        LinuxHost.Stat stat = readStat();
        long[] ticks = stat == null ? null : stat.cpuTicks();
        Double cpuPercent = HostValues.cpuPercentBetween(previousTicks, ticks);
        previousTicks = ticks;

        LinuxHost.Memory memory = host.readMemory();
        if (memory == null) {
            warnOnce(procPath.resolve("meminfo").toString());
        }
        Long total = memory == null ? null : positiveOrNull(memory.totalBytes());
        Long available = memory == null ? null : memory.availableBytes();
        Long swapTotal = memory == null ? null : memory.swapTotalBytes();
        Long swapFree = memory == null ? null : memory.swapFreeBytes();
        LinuxHost.Load load = host.readLoad();
        if (load == null) {
            warnOnce(procPath.resolve("loadavg").toString());
        }
        long[] net = networkBytes();
        return new SystemMetrics(
                cpuPercent,
                total != null && available != null && available <= total ? total - available : null,
                total,
                swapTotal != null && swapFree != null && swapFree <= swapTotal ? swapTotal - swapFree : null,
                swapTotal,
                load == null ? null : load.one(),
                load == null ? null : load.five(),
                load == null ? null : load.fifteen(),
                mounts.read(),
                net == null ? null : net[0],
                net == null ? null : net[1]);
    }

    private LinuxHost.Stat readStat() {
        LinuxHost.Stat stat = host.readStat();
        if (stat == null) {
            warnOnce(procPath.resolve("stat").toString());
        } else if (stat.cpuCount() != null) {
            cpuCount = stat.cpuCount();
        }
        return stat;
    }

    private String kernelHostname() {
        String name = host.readHostname();
        return name == null ? "localhost" : name;
    }

    private long[] networkBytes() {
        try {
            return host.readNetDev();
        } catch (IOException e) {
            warnOnce(procPath.resolve("net/dev") + " (" + e + ")");
            return null;
        }
    }

    private void warnOnce(String file) {
        if (warned.add(file)) {
            LOG.log(Level.WARNING, "cannot read {0}; its values are not reported", file);
        }
    }

    private static Long positiveOrNull(Long v) {
        return v != null && v > 0 ? v : null;
    }
}
