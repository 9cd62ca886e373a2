package io.procscope.agent.collect;

import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.SystemMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import oshi.PlatformEnum;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Reads what the host is and its resource use with OSHI, on the platforms without a reader of their
 * own ({@link LinuxHostCollector} on Linux, which keeps OSHI out of memory). Works on Linux too, where
 * the tests compare the two.
 */
public final class OshiHostCollector implements HostCollector {

    private final OperatingSystem os;
    private final HardwareAbstractionLayer hal;
    private final PlatformEnum platform;
    private final Optional<String> configuredHostname;
    private long[] previousTicks;

    /**
     * @param os OSHI's operating system
     * @param hal OSHI's hardware
     * @param platform the platform, {@code SystemInfo.getCurrentPlatform()}
     * @param configuredHostname the {@code hostname} setting; empty to ask the OS
     */
    public OshiHostCollector(
            OperatingSystem os,
            HardwareAbstractionLayer hal,
            PlatformEnum platform,
            Optional<String> configuredHostname) {
        this.os = os;
        this.hal = hal;
        this.platform = platform;
        this.configuredHostname = configuredHostname;
    }

    @Override
    public void prime() {
        previousTicks = hal.getProcessor().getSystemCpuLoadTicks();
    }

    @Override
    public HostInfo hostInfo() {
        OperatingSystem.OSVersionInfo v = os.getVersionInfo();
        GlobalMemory memory = hal.getMemory();
        return new HostInfo(
                configuredHostname.orElseGet(this::osHostname),
                Fields.cut(Fields.blankToNull(os.getFamily()), HostInfo.MAX_OS_LENGTH),
                Fields.cut(HostValues.osVersion(v.getVersion(), v.getCodeName()), HostInfo.MAX_OS_LENGTH),
                platform == PlatformEnum.LINUX
                        ? Fields.cut(Fields.blankToNull(v.getBuildNumber()), HostInfo.MAX_OS_LENGTH)
                        : null,
                platformName(platform),
                System.getProperty("os.arch"),
                positiveOrNull(hal.getProcessor().getLogicalProcessorCount()),
                positiveOrNull(memory.getTotal()),
                os.getSystemBootTime() > 0 ? os.getSystemBootTime() * 1000L : null);
    }

    @Override
    public SystemMetrics metrics() {
        CentralProcessor cpu = hal.getProcessor();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        Double cpuPercent = HostValues.cpuPercentBetween(previousTicks, ticks);
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
                fileSystems(os.getFileSystem().getFileStores(true)),
                net[0],
                net[1]);
    }

    private String osHostname() {
        String name = os.getNetworkParams().getHostName();
        return name == null || name.isBlank() ? "localhost" : name;
    }

    private long[] networkBytes() {
        long rx = 0;
        long tx = 0;
        for (NetworkIF nif : hal.getNetworkIFs(false)) {
            rx += Math.max(0, nif.getBytesRecv());
            tx += Math.max(0, nif.getBytesSent());
        }
        return new long[] {rx, tx};
    }

    // ---- pure mapping --------------------------------------------------------------------------

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
            if (total <= 0
                    || mount == null
                    || mount.isEmpty()
                    || mount.length() > FileSystemUsage.MAX_MOUNT_POINT_LENGTH) {
                continue;
            }
            long used = free >= 0 && free <= total ? total - free : total;
            byMount.putIfAbsent(
                    mount,
                    new FileSystemUsage(
                            mount,
                            Fields.cut(Fields.blankToNull(s.getType()), FileSystemUsage.MAX_TYPE_LENGTH),
                            used,
                            total));
            if (byMount.size() == SystemMetrics.MAX_FILE_SYSTEMS) {
                break; // the wire's bound
            }
        }
        return new ArrayList<>(byMount.values());
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
}
