package io.procscope.bench;

import io.procscope.dto.HostReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * One simulated agent of the soak: it collects a {@link SimulatedHost}'s report every interval on
 * the wall clock and delivers them as the real agent's shipper does. A report is kept until the API
 * acknowledges it (202, a duplicate included); reports wait in order and go oldest first; after a
 * failed attempt (no answer within the timeout, a refused connection, 408, 429, 5xx) the next one
 * waits a backoff from 0.5 s, doubled each time with jitter and capped at the interval, or the
 * answer's {@code Retry-After} if longer, also capped at the interval. Collection and sending share
 * one thread, as in the agent, so a slow answer delays the next collection; a tick that passed
 * meanwhile is skipped rather than bunched up. Unlike the agent, waiting reports stay in memory: the
 * generator does not restart.
 *
 * <p>Every report id is accounted for: generated, each attempt and its outcome, acknowledged.
 */
final class SoakAgent implements Runnable {

    private static final long BACKOFF_BASE_NANOS = 500_000_000L;
    private static final Pattern RETRY_AFTER_SECONDS = Pattern.compile("^\\s*(\\d+)\\s*$");

    /** What one delivery attempt ended in, for the figures. */
    enum Outcome {
        STORED,
        DUPLICATE,
        REJECTED,
        TIMEOUT,
        REFUSED,
        OTHER_IO,
        HTTP_5XX,
        HTTP_OTHER
    }

    private record Waiting(String reportId, byte[] body) {}

    private final SimulatedHost host;
    private final ApiClient api;
    private final long intervalNanos;
    private final long firstCollectNanos;
    private final long stopGeneratingNanos;
    private final long stopDeliveringNanos;
    private final Deque<Waiting> waiting = new ArrayDeque<>();

    /** Report id to when it was collected, ms since the epoch, in the order generated. */
    final Map<String, Long> generated = new LinkedHashMap<>();
    /** Ids the API answered 202 for, at least once. */
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Ids that took more than one attempt. */
    final Set<String> retried = ConcurrentHashMap.newKeySet();
    /** Ids the API acknowledged as already stored: a retry of a report whose first answer was lost. */
    final Set<String> answeredDuplicate = ConcurrentHashMap.newKeySet();
    /** Attempts by outcome. */
    final Map<Outcome, Integer> attempts = new TreeMap<>();

    int ticksSkipped;
    int rejected;
    private int failures;
    private long retryAtNanos;
    private volatile boolean done;

    /**
     * @param firstCollectNanos {@link System#nanoTime()} of the first collection
     * @param stopGeneratingNanos {@link System#nanoTime()} after which nothing more is collected
     * @param stopDeliveringNanos {@link System#nanoTime()} after which reports still waiting are given up
     */
    SoakAgent(
            SimulatedHost host,
            ApiClient api,
            long intervalMillis,
            long firstCollectNanos,
            long stopGeneratingNanos,
            long stopDeliveringNanos) {
        this.host = host;
        this.api = api;
        this.intervalNanos = intervalMillis * 1_000_000;
        this.firstCollectNanos = firstCollectNanos;
        this.stopGeneratingNanos = stopGeneratingNanos;
        this.stopDeliveringNanos = stopDeliveringNanos;
    }

    String hostname() {
        return host.hostname();
    }

    /** Reports still waiting for an acknowledgement. */
    synchronized int waiting() {
        return waiting.size();
    }

    boolean isDone() {
        return done;
    }

    @Override
    public void run() {
        try {
            long nextCollect = firstCollectNanos;
            while (true) {
                long now = System.nanoTime();
                boolean generating = now - stopGeneratingNanos < 0;
                if (!generating && (waitingIsEmpty() || now - stopDeliveringNanos >= 0)) {
                    return;
                }
                if (generating && now - nextCollect >= 0) {
                    collect();
                    nextCollect += intervalNanos;
                    if (nextCollect - System.nanoTime() <= 0) {
                        long behind = System.nanoTime() - nextCollect;
                        ticksSkipped += (int) (behind / intervalNanos) + 1;
                        nextCollect = System.nanoTime() + intervalNanos;
                    }
                } else if (!waitingIsEmpty() && now - retryAtNanos >= 0) {
                    sendOldest();
                } else {
                    long wake = generating ? nextCollect : stopDeliveringNanos;
                    if (!waitingIsEmpty() && retryAtNanos - wake < 0) {
                        wake = retryAtNanos;
                    }
                    long sleep = Math.max(0, Math.min(wake - now, 1_000_000_000L));
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
        }
    }

    private synchronized boolean waitingIsEmpty() {
        return waiting.isEmpty();
    }

    private void collect() {
        HostReport report = host.nextReportAt(System.currentTimeMillis());
        String id = report.reportId().toString();
        synchronized (this) {
            generated.put(id, report.collectedAtMillis());
            waiting.addLast(new Waiting(id, gzip(report)));
        }
    }

    private void sendOldest() throws InterruptedException {
        Waiting oldest;
        synchronized (this) {
            oldest = waiting.peekFirst();
        }
        Outcome outcome;
        String retryAfter = null;
        try {
            ApiClient.Answer answer = api.postReport(hostname(), oldest.body());
            int status = answer.status();
            if (status >= 200 && status < 300) {
                outcome = answer.text().contains("\"duplicate\":true") ? Outcome.DUPLICATE : Outcome.STORED;
            } else if (status >= 500) {
                outcome = Outcome.HTTP_5XX;
                retryAfter = answer.retryAfter();
            } else if (status == 408 || status == 429 || status == 401 || status == 403 || status == 404) {
                // the agent retries these too: a wrong key or URL, or an API asking it to slow down
                outcome = Outcome.HTTP_OTHER;
                retryAfter = answer.retryAfter();
            } else {
                outcome = Outcome.REJECTED;
            }
        } catch (HttpTimeoutException e) {
            outcome = Outcome.TIMEOUT;
        } catch (ConnectException e) {
            outcome = Outcome.REFUSED;
        } catch (IOException e) {
            outcome = Outcome.OTHER_IO;
        }
        synchronized (this) {
            attempts.merge(outcome, 1, Integer::sum);
        }
        switch (outcome) {
            case STORED, DUPLICATE -> {
                acknowledged.add(oldest.reportId());
                if (outcome == Outcome.DUPLICATE) {
                    answeredDuplicate.add(oldest.reportId());
                }
                removeOldest();
                failures = 0;
                retryAtNanos = 0;
            }
            case REJECTED -> {
                rejected++;
                removeOldest();
            }
            default -> {
                retried.add(oldest.reportId());
                failures++;
                retryAtNanos = System.nanoTime() + backoffNanos(retryAfter);
            }
        }
    }

    private synchronized void removeOldest() {
        waiting.removeFirst();
    }

    /**
     * The agent's backoff: 0.5 s doubled per failure up to the interval, half of it fixed and half
     * random; or Retry-After if longer, up to the interval too.
     */
    private long backoffNanos(String retryAfter) {
        long ceiling = Math.min(BACKOFF_BASE_NANOS << Math.min(failures - 1, 20), intervalNanos);
        long delay = ceiling / 2 + (long) (ThreadLocalRandom.current().nextDouble() * (ceiling - ceiling / 2));
        if (retryAfter != null) {
            Matcher seconds = RETRY_AFTER_SECONDS.matcher(retryAfter);
            if (seconds.matches()) {
                delay = Math.max(delay, Long.parseLong(seconds.group(1)) * 1_000_000_000L);
            }
        }
        return Math.max(1, Math.min(delay, intervalNanos));
    }

    private static byte[] gzip(HostReport report) {
        try {
            byte[] json = IngestPhase.JSON.writeValueAsBytes(report);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length / 4);
            try (OutputStream out = new GZIPOutputStream(bytes, 8192)) {
                out.write(json);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
