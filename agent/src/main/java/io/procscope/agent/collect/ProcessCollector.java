package io.procscope.agent.collect;

import io.procscope.dto.ProcessInfo;
import java.util.List;

/**
 * Reads every process of the host that passes the agent's filters. Two readers: {@link
 * LinuxProcessCollector} reads {@code /proc} directly, {@link OshiProcessCollector} asks OSHI on
 * every other platform. Not thread-safe: one collection at a time.
 */
public interface ProcessCollector {

    /**
     * Reads every process's CPU counters, so the next {@link #collect()} has a prior reading; the
     * first report needs it. Wait a moment (a second, or the interval) before collecting.
     *
     * @return how many processes were read
     */
    int prime();

    /**
     * Reads every process.
     *
     * @return one entry per live process that passes the filters, by pid
     */
    List<ProcessInfo> collect();
}
