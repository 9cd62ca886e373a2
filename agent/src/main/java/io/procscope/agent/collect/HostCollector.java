package io.procscope.agent.collect;

import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.SystemMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import oshi.PlatformEnum;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Reads what the host is ({@link HostInfo}) and its resource use ({@link SystemMetrics}) with OSHI.
 * Host CPU percent, like process CPU percent, needs two readings: {@link #prime()} takes the first.
 * Not thread-safe.
 */
public final class HostCollector {

    private static final Logger LOG = Logger.getLogger(HostCollector.class.getName());

    private final OperatingSystem os;
    private final HardwareAbstractionLayer hal;
    private final PlatformEnum platform;
    private final Optional<String> configuredHostname;
    private final Path procPath;
    private final MountedFileSystems mounts;
    private long[] previousTicks;
    private boolean warnedNetDev;

    /**
     * @param os OSHI's operating system
     * @param hal OSHI's hardware
     * @param platform the platform, {@code SystemInfo.getCurrentPlatform()}
     * @param configuredHostname the {@code hostname} setting; empty to ask the OS
     * @param procPath where {@code /proc} is mounted (Linux network counters are read from it)
     */
    public HostCollector(
            OperatingSystem os,
            HardwareAbstractionLayer hal,
            PlatformEnum platform,
            Optional<String> configuredHostname,
            Path procPath) {
        this.os = os;
        this.hal = hal;
        this.platform = platform;
        this.configuredHostname = configuredHostname;
        this.procPath = procPath;
        this.mounts = platform == PlatformEnum.LINUX ? new MountedFileSystems(procPath) : null;
    }

    /** Reads the CPU ticks that the next {@link #metrics()} compares against. */
    public void prime() {
        previousTicks = hal.getProcessor().getSystemCpuLoadTicks();
    }

    /**
     * @return what the host is
     */
    public HostInfo hostInfo() {
        OperatingSystem.OSVersionInfo v = os.getVersionInfo();
        GlobalMemory memory = hal.getMemory();
        return new HostInfo(
                configuredHostname.orElseGet(this::osHostname),
                cut(emptyToNull(os.getFamily()), 128),
                cut(osVersion(v.getVersion(), v.getCodeName()), 128),
                platform == PlatformEnum.LINUX ? cut(emptyToNull(v.getBuildNumber()), 128) : null,
                platformName(platform),
                System.getProperty("os.arch"),
                positiveOrNull(hal.getProcessor().getLogicalProcessorCount()),
                positiveOrNull(memory.getTotal()),
                os.getSystemBootTime() > 0 ? os.getSystemBootTime() * 1000L : null);
    }

    /**
     * @return resource use now; CPU percent since the previous call or {@link #prime()}
     */
    public SystemMetrics metrics() {
        CentralProcessor cpu = hal.getProcessor();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        Double cpuPercent = previousTicks == null ? null : cpuPercentBetween(previousTicks, ticks);
        previousTicks = ticks;

        GlobalMemory memory = hal.getMemory();
        long total = memory.getTotal();
        long available = memory.getAvailable();
        VirtualMemory vm = memory.getVirtualMemory();
        double[] load = cpu.getSystemLoadAverage(3);
        long[] net = networkBytes();
        return new SystemMetrics(
                cpuPercent,
                total > 0 && available >= 0 && available <= total ? total - available : null,
                positiveOrNull(total),
                nonNegativeOrNull(vm.getSwapUsed()),
                nonNegativeOrNull(vm.getSwapTotal()),
                loadOrNull(load, 0),
                loadOrNull(load, 1),
                loadOrNull(load, 2),
                // on Linux from the mount table: OSHI's file stores also ask udev, 38-220 ms a call
                mounts != null ? mounts.read() : fileSystems(os.getFileSystem().getFileStores(true)),
                net == null ? null : net[0],
                net == null ? null : net[1]);
    }

    private String osHostname() {
        String name = os.getNetworkParams().getHostName();
        return name == null || name.isBlank() ? "localhost" : name;
    }

    private long[] networkBytes() {
        if (platform == PlatformEnum.LINUX) {
            try {
                return readNetDev(procPath);
            } catch (IOException e) {
                if (!warnedNetDev) {
                    LOG.log(Level.WARNING, "cannot read {0}: {1}; network bytes are not reported", new Object[] {
                        procPath.resolve("net/dev"), e.toString()
                    });
                    warnedNetDev = true;
                }
                return null;
            }
        }
        long rx = 0;
        long tx = 0;
        for (NetworkIF nif : hal.getNetworkIFs(false)) {
            rx += Math.max(0, nif.getBytesRecv());
            tx += Math.max(0, nif.getBytesSent());
        }
        return new long[] {rx, tx};
    }

    /**
     * Reads the network counters of the host's network namespace: that of PID 1 in {@code procPath}
     * (from a container with the host's {@code /proc} mounted, {@code /proc/net} would be the
     * container's own), else {@code procPath/net/dev}. {@code /proc/net/dev} names every interface,
     * where OSHI's list skips those without a MAC address, such as tun devices.
     *
     * @param procPath where {@code /proc} is mounted
     * @return {received, sent}, bytes, summed over every interface but loopback
     * @throws IOException when neither file can be read
     */
    static long[] readNetDev(Path procPath) throws IOException {
        try {
            return parseNetDev(Files.readAllLines(procPath.resolve("1/net/dev"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return parseNetDev(Files.readAllLines(procPath.resolve("net/dev"), StandardCharsets.UTF_8));
        }
    }

    // ---- pure mapping --------------------------------------------------------------------------

    /**
     * Busy share of all processors between two readings of OSHI's system ticks: everything but idle
     * and iowait, over everything.
     *
     * @param prev the earlier ticks, indexed by {@link TickType#getIndex()}
     * @param now the later ticks
     * @return percent, 0 to 100, rounded to 0.01; null when no time passed or the counters reset
     */
    static Double cpuPercentBetween(long[] prev, long[] now) {
        if (prev.length != now.length) {
            return null;
        }
        long total = 0;
        for (int i = 0; i < now.length; i++) {
            long d = now[i] - prev[i];
            if (d < 0) {
                return null;
            }
            total += d;
        }
        if (total <= 0) {
            return null;
        }
        long idle = (now[TickType.IDLE.getIndex()] - prev[TickType.IDLE.getIndex()])
                + (now[TickType.IOWAIT.getIndex()] - prev[TickType.IOWAIT.getIndex()]);
        double percent = 100.0 * (total - idle) / total;
        return Math.round(Math.max(0, Math.min(100, percent)) * 100.0) / 100.0;
    }

    /**
     * Sums bytes received and sent over every interface but loopback in {@code /proc/net/dev}.
     *
     * @param lines the file's lines (two header lines, then {@code iface: rx_bytes ... tx_bytes ...})
     * @return {received, sent}, bytes
     */
    static long[] parseNetDev(List<String> lines) {
        long rx = 0;
        long tx = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (name.equals("lo") || name.isEmpty()) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 9) {
                continue;
            }
            try {
                rx += Long.parseLong(f[0]);
                tx += Long.parseLong(f[8]);
            } catch (NumberFormatException e) {
                // a line that is not counters: skip it
            }
        }
        return new long[] {rx, tx};
    }

    /**
     * Maps OSHI's local file stores: used is total minus free (as {@code df} counts it); stores of no
     * size are skipped, and a mount point listed twice is reported once.
     *
     * @param stores OSHI's file stores
     * @return one entry per mount point
     */
    static List<FileSystemUsage> fileSystems(List<OSFileStore> stores) {
        Map<String, FileSystemUsage> byMount = new LinkedHashMap<>();
        for (OSFileStore s : stores) {
            long total = s.getTotalSpace();
            long free = s.getFreeSpace();
            String mount = s.getMount();
            if (total <= 0 || mount == null || mount.isEmpty() || mount.length() > 1024) {
                continue;
            }
            long used = free >= 0 && free <= total ? total - free : total;
            byMount.putIfAbsent(mount, new FileSystemUsage(mount, cut(emptyToNull(s.getType()), 64), used, total));
            if (byMount.size() == 1000) {
                break; // the wire's bound
            }
        }
        return new ArrayList<>(byMount.values());
    }

    /**
     * @param version for example {@code 12}
     * @param codeName for example {@code bookworm}
     * @return for example {@code 12 (bookworm)}, or null when neither is known
     */
    static String osVersion(String version, String codeName) {
        String v = emptyToNull(version);
        String c = emptyToNull(codeName);
        if (v == null || "unknown".equalsIgnoreCase(v)) {
            return c;
        }
        return c == null ? v : v + " (" + c + ")";
    }

    /**
     * @param platform OSHI's platform
     * @return lower-case family: {@code linux}, {@code macos}, {@code windows}, {@code freebsd}, ...
     */
    static String platformName(PlatformEnum platform) {
        return platform.name().toLowerCase(Locale.ROOT);
    }

    static Double loadOrNull(double[] load, int i) {
        return load != null && load.length > i && load[i] >= 0 ? load[i] : null;
    }

    private static Integer positiveOrNull(int v) {
        return v > 0 ? v : null;
    }

    private static Long positiveOrNull(long v) {
        return v > 0 ? v : null;
    }

    private static Long nonNegativeOrNull(long v) {
        return v >= 0 ? v : null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
