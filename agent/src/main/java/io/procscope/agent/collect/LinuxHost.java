package io.procscope.agent.collect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what the host is and its resource use from the files of a Linux {@code /proc} (and
 * {@code os-release}), without OSHI or JNA. Each {@code read*} method reads one file and hands its text
 * to a pure {@code parse*} method, which the tests feed with fixtures. A file that cannot be read, or a
 * field it lacks, gives null, never a made-up value; the other values are still read.
 */
final class LinuxHost {

    /**
     * Ticks read of the aggregate {@code cpu} line: user, nice, system, idle, iowait, irq, softirq,
     * steal, as OSHI's {@code getSystemCpuLoadTicks()}. Guest time is left out: the kernel counts it
     * in user and nice already.
     */
    static final int CPU_TICKS = 8;

    /** {@code AT_PAGESZ} of {@code <elf.h>}: the auxiliary vector's page size entry. */
    private static final long AT_PAGESZ = 6;

    /** {@code AT_CLKTCK}: the auxiliary vector's clock ticks per second ({@code USER_HZ}). */
    private static final long AT_CLKTCK = 17;

    private final Path proc;
    private final Path ownOsRelease;

    /**
     * @param proc where the proc file system is mounted, {@code /proc}, or {@code /host/proc} from a
     *     container
     */
    LinuxHost(Path proc) {
        this(proc, Path.of("/etc/os-release"));
    }

    /**
     * @param proc where the proc file system is mounted
     * @param ownOsRelease the {@code os-release} read when PID 1's cannot be, {@code /etc/os-release}
     */
    LinuxHost(Path proc, Path ownOsRelease) {
        this.proc = proc;
        this.ownOsRelease = ownOsRelease;
    }

    /**
     * What {@code /proc/stat} says about the processors.
     *
     * @param cpuTicks the aggregate {@code cpu} line's first {@link #CPU_TICKS} counters, clock ticks;
     *     fields an older kernel lacks (iowait before 2.6, steal before 2.6.11) are 0; null without the line
     * @param cpuCount how many {@code cpuN} lines, that is online processors; null for none
     * @param bootTimeMillis {@code btime}, ms since the epoch (whole seconds); null without it
     */
    record Stat(long[] cpuTicks, Integer cpuCount, Long bootTimeMillis) {}

    /**
     * What {@code /proc/meminfo} says, in bytes; each is null when its line is missing.
     *
     * @param totalBytes {@code MemTotal}
     * @param availableBytes {@code MemAvailable}: since Linux 3.14
     * @param swapTotalBytes {@code SwapTotal}
     * @param swapFreeBytes {@code SwapFree}
     */
    record Memory(Long totalBytes, Long availableBytes, Long swapTotalBytes, Long swapFreeBytes) {}

    /**
     * The load averages of {@code /proc/loadavg}: runnable and uninterruptible tasks, averaged.
     *
     * @param one over 1 minute
     * @param five over 5 minutes
     * @param fifteen over 15 minutes
     */
    record Load(double one, double five, double fifteen) {}

    /**
     * The operating system as {@code os-release} names it, shaped as OSHI shapes it.
     *
     * @param name {@code NAME}, for example {@code Debian GNU/Linux}; null when missing
     * @param version {@code VERSION} split at its parentheses or comma into version and code name, for
     *     example {@code 12} and {@code bookworm}, else {@code VERSION_ID}; null when neither is there
     * @param codeName for example {@code bookworm}; null when {@code VERSION} names none
     */
    record OsRelease(String name, String version, String codeName) {}

    /**
     * The two constants of the running kernel a process reader needs.
     *
     * @param hz clock ticks per second ({@code USER_HZ}); 0 when not in the vector
     * @param pageSize bytes per memory page; 0 when not in the vector
     */
    record Auxv(long hz, long pageSize) {}

    // ---- acquisition ---------------------------------------------------------------------------

    /**
     * @return {@code <proc>/stat}, or null when it cannot be read
     */
    Stat readStat() {
        List<String> lines = lines(proc.resolve("stat"));
        return lines == null ? null : parseStat(lines);
    }

    /**
     * @return {@code <proc>/meminfo}, or null when it cannot be read
     */
    Memory readMemory() {
        List<String> lines = lines(proc.resolve("meminfo"));
        return lines == null ? null : parseMeminfo(lines);
    }

    /**
     * @return {@code <proc>/loadavg}, or null when it cannot be read or parsed
     */
    Load readLoad() {
        String line = firstLine(proc.resolve("loadavg"));
        return line == null ? null : parseLoadavg(line);
    }

    /**
     * @return {@code <proc>/sys/kernel/osrelease}, for example {@code 6.1.0-18-amd64}; null when unreadable
     */
    String readKernelRelease() {
        return firstLine(proc.resolve("sys/kernel/osrelease"));
    }

    /**
     * The host name of the reader's UTS namespace: from a container, the container's, whichever
     * {@code /proc} is mounted (the kernel answers {@code /proc/sys/kernel} for the namespace of the
     * process that reads it). A DaemonSet sets the {@code hostname} setting from the node name instead.
     *
     * @return {@code <proc>/sys/kernel/hostname}; null when unreadable
     */
    String readHostname() {
        return firstLine(proc.resolve("sys/kernel/hostname"));
    }

    /**
     * Reads the host's {@code os-release}: through PID 1's root first, which from a container with
     * the host's {@code /proc} is the host's file system (this needs the privilege to follow another
     * process's root); else the reader's own {@code /etc/os-release}, which from a container is the
     * image's.
     *
     * @return the names, or null when neither file can be read
     */
    OsRelease readOsRelease() {
        List<String> lines = lines(proc.resolve("1/root/etc/os-release"));
        if (lines == null) {
            lines = lines(ownOsRelease);
        }
        return lines == null ? null : parseOsRelease(lines);
    }

    /**
     * Reads the network counters of the host's network namespace: that of PID 1 in {@code <proc>}
     * (from a container with the host's {@code /proc} mounted, {@code /proc/net} would be the
     * container's own), else {@code <proc>/net/dev}. {@code /proc/net/dev} names every interface,
     * where OSHI's list skips those without a MAC address, such as tun devices.
     *
     * @return {received, sent}, bytes, summed over every interface but loopback
     * @throws IOException when neither file can be read
     */
    long[] readNetDev() throws IOException {
        try {
            return parseNetDev(Files.readAllLines(proc.resolve("1/net/dev"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return parseNetDev(Files.readAllLines(proc.resolve("net/dev"), StandardCharsets.UTF_8));
        }
    }

    /**
     * Reads the agent's own auxiliary vector, {@code /proc/self/auxv} of the agent's {@code /proc}: the
     * values JNA would ask {@code getauxval} for, the same for every process of a kernel.
     *
     * @return the constants, or null when the file cannot be read
     */
    static Auxv readAuxv() {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc/self/auxv"));
            boolean words64 = !"32".equals(System.getProperty("sun.arch.data.model"));
            return parseAuxv(b, words64 ? 8 : 4, ByteOrder.nativeOrder());
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String firstLine(Path file) {
        List<String> lines = lines(file);
        if (lines == null || lines.isEmpty()) {
            return null;
        }
        String s = lines.get(0).strip();
        return s.isEmpty() ? null : s;
    }

    // ---- pure parsing --------------------------------------------------------------------------

    /**
     * @param lines {@code /proc/stat}'s lines
     * @return its processor counters and boot time
     */
    static Stat parseStat(List<String> lines) {
        long[] ticks = null;
        int cpus = 0;
        Long boot = null;
        for (String line : lines) {
            if (line.startsWith("cpu ")) {
                ticks = parseTicks(line);
            } else if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                cpus++;
            } else if (line.startsWith("btime ")) {
                Long seconds = parseLongOrNull(line.substring("btime ".length()).strip());
                boot = seconds == null || seconds <= 0 ? null : seconds * 1000L;
            }
        }
        return new Stat(ticks, cpus > 0 ? cpus : null, boot);
    }

    private static long[] parseTicks(String line) {
        String[] f = line.strip().split("\\s+");
        long[] ticks = new long[CPU_TICKS];
        int n = Math.min(CPU_TICKS, f.length - 1);
        if (n < 4) {
            return null; // not even user, nice, system, idle
        }
        for (int i = 0; i < n; i++) {
            Long v = parseLongOrNull(f[i + 1]);
            if (v == null || v < 0) {
                return null;
            }
            ticks[i] = v;
        }
        return ticks;
    }

    /**
     * @param lines {@code /proc/meminfo}'s lines ({@code Name:   1234 kB})
     * @return the values, kB turned into bytes
     */
    static Memory parseMeminfo(List<String> lines) {
        Long total = null;
        Long available = null;
        Long swapTotal = null;
        Long swapFree = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            switch (key) {
                case "MemTotal" -> total = kbToBytes(line, colon);
                case "MemAvailable" -> available = kbToBytes(line, colon);
                case "SwapTotal" -> swapTotal = kbToBytes(line, colon);
                case "SwapFree" -> swapFree = kbToBytes(line, colon);
                default -> {
                    // a line the wire does not carry
                }
            }
        }
        return new Memory(total, available, swapTotal, swapFree);
    }

    private static Long kbToBytes(String line, int colon) {
        String[] f = line.substring(colon + 1).strip().split("\\s+");
        Long v = parseLongOrNull(f[0]);
        if (v == null || v < 0) {
            return null;
        }
        // every size in meminfo is in kB (KiB), but the page counts of HugePages_*, which have no unit
        return f.length > 1 && f[1].equalsIgnoreCase("kB") ? v * 1024L : v;
    }

    /**
     * @param line {@code /proc/loadavg}'s line, for example {@code 0.52 0.58 0.59 2/1203 45678}
     * @return the three averages, or null when the line does not start with three numbers
     */
    static Load parseLoadavg(String line) {
        String[] f = line.strip().split("\\s+");
        if (f.length < 3) {
            return null;
        }
        try {
            double one = Double.parseDouble(f[0]);
            double five = Double.parseDouble(f[1]);
            double fifteen = Double.parseDouble(f[2]);
            return one < 0 || five < 0 || fifteen < 0 ? null : new Load(one, five, fifteen);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Parses {@code os-release} as OSHI does (its {@code LinuxOperatingSystem.readOsRelease}): the
     * first {@code NAME}; {@code VERSION} split at a parenthesis, or at {@code ", "} (older Ubuntu),
     * into version and code name; {@code VERSION_ID} when there is no {@code VERSION}. Values may be
     * quoted with {@code "} or {@code '}, and backslash-escaped inside double quotes.
     *
     * @param lines the file's lines
     * @return the names; a field is null when the file does not have it
     */
    static OsRelease parseOsRelease(List<String> lines) {
        String name = null;
        String version = null;
        String codeName = null;
        String versionId = null;
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            if (value.isEmpty()) {
                continue;
            }
            switch (key) {
                case "NAME" -> name = name == null ? value : name;
                case "VERSION_ID" -> versionId = value;
                case "VERSION" -> {
                    String[] split = value.split("[()]");
                    if (split.length <= 1) {
                        split = value.split(", ");
                    }
                    version = Fields.blankToNull(split[0]);
                    codeName = split.length > 1 ? Fields.blankToNull(split[1]) : null;
                }
                default -> {
                    // ID, PRETTY_NAME, HOME_URL ...: not reported
                }
            }
        }
        return new OsRelease(name, version != null ? version : versionId, codeName);
    }

    static String unquote(String v) {
        if (v.length() >= 2 && v.charAt(0) == '\'' && v.charAt(v.length() - 1) == '\'') {
            return v.substring(1, v.length() - 1);
        }
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            String inner = v.substring(1, v.length() - 1);
            StringBuilder sb = new StringBuilder(inner.length());
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length() && "\"\\$`".indexOf(inner.charAt(i + 1)) >= 0) {
                    c = inner.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return v;
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
     * Parses an auxiliary vector: pairs of native words, type then value, ending with type 0.
     *
     * @param b the file's bytes
     * @param wordBytes 8 for a 64-bit process, 4 for a 32-bit one
     * @param order the native byte order
     * @return the clock ticks per second and page size, each 0 when not in the vector
     */
    static Auxv parseAuxv(byte[] b, int wordBytes, ByteOrder order) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        long hz = 0;
        long pageSize = 0;
        while (buf.remaining() >= 2 * wordBytes) {
            long type = wordBytes == 8 ? buf.getLong() : Integer.toUnsignedLong(buf.getInt());
            long value = wordBytes == 8 ? buf.getLong() : Integer.toUnsignedLong(buf.getInt());
            if (type == 0) {
                break; // AT_NULL
            } else if (type == AT_CLKTCK) {
                hz = value;
            } else if (type == AT_PAGESZ) {
                pageSize = value;
            }
        }
        return new Auxv(hz, pageSize);
    }

    private static Long parseLongOrNull(String s) {
        try {
            return Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
