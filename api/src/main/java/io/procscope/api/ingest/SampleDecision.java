package io.procscope.api.ingest;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.TrackedProcess;
import io.procscope.dto.ProcessInfo;
import java.util.Objects;

/**
 * Decides whether a report writes a history sample for a process: most processes are idle most
 * of the time, and a row per process per report would cost hundreds of MB per host-day. A sample
 * is written when the process is new, its state, threads or nice changed, its CPU or RSS moved
 * materially since the last sample written (not since the last report, so that slow drift is
 * caught), or the keyframe interval passed.
 */
record SampleDecision(long keyframeMillis, double cpuChange, double rssChangeRatio) {

    /** RSS changes below this are noise, however small the process. */
    static final long MIN_RSS_CHANGE_BYTES = 1L << 20;

    static SampleDecision of(ProcscopeConfig.History history) {
        return new SampleDecision(
                history.keyframe().toMillis(), history.cpuChange(), history.rssChangePercent() / 100.0);
    }

    boolean writes(ProcessInfo now, TrackedProcess before, long collectedAtMillis) {
        if (before == null || collectedAtMillis - before.recordedAtMillis() >= keyframeMillis) {
            return true;
        }
        if (now.status() != before.recordedStatus()
                || !Objects.equals(now.threads(), before.recordedThreads())
                || !Objects.equals(now.nice(), before.recordedNice())) {
            return true;
        }
        return moved(now.cpuPercent(), before.recordedCpuPercent(), cpuChange)
                || movedBytes(now.rssBytes(), before.recordedRssBytes());
    }

    private static boolean moved(Double now, Double before, double threshold) {
        if (now == null || before == null) {
            return now != before;
        }
        return Math.abs(now - before) >= threshold;
    }

    private boolean movedBytes(Long now, Long before) {
        if (now == null || before == null) {
            return now != before;
        }
        long threshold = Math.max(MIN_RSS_CHANGE_BYTES, (long) (before * rssChangeRatio));
        return Math.abs(now - before) >= threshold;
    }
}
