package io.procscope.agent.ship;

import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.SystemMetrics;
import java.util.List;
import java.util.UUID;

/** Small fixed reports for shipping tests. */
public final class SampleReports {

    /** When the first sample was collected, ms since the epoch. */
    public static final long T0 = 1_764_000_000_000L;

    private SampleReports() {}

    /**
     * @param n sample number; sample n is collected n seconds after {@link #T0}
     * @return a report with one process and a null field or two, as real ones have
     */
    public static HostReport sample(int n) {
        return new HostReport(
                HostReport.SCHEMA_VERSION,
                UUID.nameUUIDFromBytes(("report-" + n).getBytes()),
                "test",
                T0 + n * 1000L,
                new HostInfo(
                        "node-1",
                        "Debian GNU/Linux",
                        "12 (bookworm)",
                        "6.1.0",
                        "linux",
                        "amd64",
                        2,
                        24L << 30,
                        T0 - 86_400_000L),
                new SystemMetrics(
                        12.5,
                        1L << 30,
                        24L << 30,
                        0L,
                        0L,
                        0.5,
                        0.4,
                        0.3,
                        List.of(new FileSystemUsage("/", "ext4", 10L << 30, 100L << 30)),
                        1000L,
                        2000L),
                List.of(new ProcessInfo(
                        1,
                        0,
                        "systemd",
                        "/usr/lib/systemd/systemd",
                        "/sbin/init",
                        "root",
                        ProcessStatus.SLEEPING,
                        T0 - 86_000_000L,
                        0.1,
                        12_000_000L,
                        170_000_000L,
                        1,
                        0,
                        null,
                        null,
                        null,
                        null,
                        null)),
                1000L);
    }
}
