package io.procscope.agent.collect;

import io.procscope.dto.HostInfo;
import io.procscope.dto.SystemMetrics;

/**
 * Reads what the host is ({@link HostInfo}) and its resource use ({@link SystemMetrics}). Host CPU
 * percent, like process CPU percent, needs two readings: {@link #prime()} takes the first.
 * {@link LinuxHostCollector} reads Linux's {@code /proc}; {@link OshiHostCollector} asks OSHI on other
 * platforms. Implementations are not thread-safe.
 */
public interface HostCollector {

    /** Reads the CPU ticks that the next {@link #metrics()} compares against. */
    void prime();

    /**
     * @return what the host is
     */
    HostInfo hostInfo();

    /**
     * @return resource use now; CPU percent since the previous call or {@link #prime()}
     */
    SystemMetrics metrics();
}
