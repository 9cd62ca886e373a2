package io.procscope.api.support;

import io.procscope.api.query.ProcessRow;
import io.procscope.api.query.ProcessTree;
import io.procscope.dto.ProcessStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Random process graphs as a forged or broken report can hold them, and a property checked on many
 * of them: parents that loop through several pids, processes that are their own parent, pids that
 * appear twice with two start times (or twice with one), parents that are not in the report, and
 * chains deeper than {@link ProcessTree#MAX_DEPTH}.
 *
 * <p>Each try draws its graph from a seed of its own. A failure names the seed, which reruns it
 * with {@code -Dprocscope.seed=...}, and shows the failing graph shrunk to the rows it cannot do
 * without. A try that has not finished after {@link #PATIENCE} fails as not terminating.
 */
public final class ProcessGraphs {

    /** How long one try may take before it counts as never ending. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    /** The most attempts to shrink a failing graph. */
    static final int SHRINK_ATTEMPTS = 2_000;

    private ProcessGraphs() {}

    /**
     * Checks {@code property} on {@code tries} random graphs; it fails by throwing. Each row is a
     * distinct object, so a property can tell two identical rows apart by identity.
     */
    public static void check(int tries, Consumer<List<ProcessRow>> property) {
        long base = Long.getLong("procscope.seed", new SplittableRandom().nextLong());
        for (int t = 0; t < tries; t++) {
            long seed = base + t;
            List<ProcessRow> rows = graph(new SplittableRandom(seed));
            Failure failure = run(property, rows);
            if (failure != null) {
                if (failure.timedOut) {
                    throw new AssertionError(
                            "No answer within " + PATIENCE + " (seed " + seed + ", " + rows.size() + " rows): "
                                    + describe(rows),
                            failure.cause);
                }
                List<ProcessRow> smallest = shrink(property, rows);
                Failure last = run(property, smallest);
                throw new AssertionError(
                        "Falsified (seed " + seed + ", rerun with -Dprocscope.seed=" + seed + "), shrunk from "
                                + rows.size() + " to " + smallest.size() + " rows: " + describe(smallest),
                        last == null ? failure.cause : last.cause);
            }
        }
    }

    /** A random graph: one of a few shapes, each with a share of every kind of damage. */
    static List<ProcessRow> graph(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> soup(random, random.nextInt(0, 80));
            case 1 -> chain(random, random.nextInt(ProcessTree.MAX_DEPTH - 3, ProcessTree.MAX_DEPTH * 3));
            case 2 -> loops(random, random.nextInt(1, 12));
            default -> withReusedPids(random, soup(random, random.nextInt(1, 40)));
        };
    }

    /** Rows with pids from a range so small that pids repeat, parents are often missing, and loops are common. */
    static List<ProcessRow> soup(SplittableRandom random, int n) {
        int pids = Math.max(1, random.nextInt(1, n + 2));
        List<ProcessRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int pid = random.nextInt(pids);
            Integer ppid = switch (random.nextInt(10)) {
                case 0 -> null;
                case 1 -> pid;
                case 2 -> pids + random.nextInt(3); // not in the report
                default -> random.nextInt(pids);
            };
            rows.add(row(random, pid, ppid, random.nextInt(12)));
        }
        return rows;
    }

    /**
     * A chain longer than the tree may nest, whose top is a root, names a missing parent, or names a
     * process further down (a loop with a tail), with a few side branches.
     */
    static List<ProcessRow> chain(SplittableRandom random, int n) {
        List<ProcessRow> rows = new ArrayList<>(n + 8);
        int top = 1000 + random.nextInt(n);
        Integer topParent = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> 1;
            default -> top + random.nextInt(n);
        };
        rows.add(row(random, top, topParent, random.nextInt(100)));
        for (int i = 1; i < n; i++) {
            rows.add(row(random, top + i, top + i - 1, random.nextInt(100)));
        }
        int branches = random.nextInt(8);
        for (int i = 0; i < branches; i++) {
            rows.add(row(random, top + n + i, top + random.nextInt(n), random.nextInt(100)));
        }
        shuffle(random, rows);
        return rows;
    }

    /** Several loops of parents, some of one process, with trees hanging off them. */
    static List<ProcessRow> loops(SplittableRandom random, int count) {
        List<ProcessRow> rows = new ArrayList<>();
        int pid = 1;
        for (int l = 0; l < count; l++) {
            int length = random.nextInt(1, 7);
            int first = pid;
            for (int i = 0; i < length; i++, pid++) {
                rows.add(row(random, pid, i == length - 1 ? first : pid + 1, random.nextInt(5)));
            }
            int hanging = random.nextInt(6);
            for (int i = 0; i < hanging; i++, pid++) {
                rows.add(row(random, pid, random.nextInt(first, pid), random.nextInt(5)));
            }
        }
        shuffle(random, rows);
        return rows;
    }

    /** {@code rows} with some pids reported again: mostly with another start time, sometimes with the same. */
    static List<ProcessRow> withReusedPids(SplittableRandom random, List<ProcessRow> rows) {
        List<ProcessRow> more = new ArrayList<>(rows);
        int again = random.nextInt(1, rows.size() + 1);
        for (int i = 0; i < again; i++) {
            ProcessRow reused = rows.get(random.nextInt(rows.size()));
            long start = random.nextInt(8) == 0 ? reused.startTimeMillis() : random.nextInt(12);
            Integer ppid = random.nextBoolean()
                    ? reused.ppid()
                    : Integer.valueOf(rows.get(random.nextInt(rows.size())).pid());
            more.add(row(random, reused.pid(), ppid, start));
        }
        shuffle(random, more);
        return more;
    }

    /**
     * A process; its CPU is a multiple of 0.5 %, so that sums in any order are exact, and its CPU or
     * RSS is sometimes unknown.
     */
    public static ProcessRow row(SplittableRandom random, int pid, Integer ppid, long startTimeMillis) {
        Double cpu = random.nextInt(6) == 0 ? null : random.nextInt(400) / 2.0;
        Long rss = random.nextInt(6) == 0 ? null : (long) random.nextInt(1 << 20) << 10;
        return row(pid, ppid, "p" + pid, startTimeMillis, cpu, rss);
    }

    /** A process with the given identity and use; {@code cpuPercent} and {@code rssBytes} may be null. */
    public static ProcessRow row(
            int pid, Integer ppid, String name, long startTimeMillis, Double cpuPercent, Long rssBytes) {
        return new ProcessRow(
                pid,
                ppid,
                name,
                "/usr/bin/" + name,
                name + " --serve",
                pid % 3 == 0 ? "root" : "app",
                ProcessStatus.SLEEPING,
                startTimeMillis,
                cpuPercent,
                rssBytes,
                rssBytes,
                1,
                0,
                "/",
                null,
                null,
                null,
                null,
                null);
    }

    private static void shuffle(SplittableRandom random, List<ProcessRow> rows) {
        for (int i = rows.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            rows.set(i, rows.set(j, rows.get(i)));
        }
    }

    /** Drops rows, halves first and then one at a time, while the property still fails. */
    static List<ProcessRow> shrink(Consumer<List<ProcessRow>> property, List<ProcessRow> failing) {
        List<ProcessRow> rows = failing;
        int attempts = 0;
        for (int chunk = Math.max(1, rows.size() / 2); chunk >= 1 && attempts < SHRINK_ATTEMPTS; chunk /= 2) {
            boolean dropped = true;
            while (dropped && attempts < SHRINK_ATTEMPTS) {
                dropped = false;
                for (int from = 0; from < rows.size() && attempts < SHRINK_ATTEMPTS; from += chunk) {
                    List<ProcessRow> fewer = new ArrayList<>(rows.subList(0, from));
                    fewer.addAll(rows.subList(Math.min(rows.size(), from + chunk), rows.size()));
                    attempts++;
                    Failure f = run(property, fewer);
                    if (f != null && !f.timedOut) {
                        rows = fewer;
                        dropped = true;
                        from -= chunk;
                    }
                }
            }
        }
        return rows;
    }

    private record Failure(Throwable cause, boolean timedOut) {}

    /** Runs the property on its own thread, so that one that never ends fails instead of hanging the build. */
    private static Failure run(Consumer<List<ProcessRow>> property, List<ProcessRow> rows) {
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "process-graph-property");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> done = runner.submit(() -> property.accept(rows));
            done.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return new Failure(e.getCause(), false);
        } catch (TimeoutException e) {
            return new Failure(e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failure(e, false);
        } finally {
            runner.shutdownNow();
        }
    }

    /** The rows as {@code pid<-ppid@start}, one per row, in order. */
    public static String describe(List<ProcessRow> rows) {
        return rows.stream()
                .map(r -> r.pid() + "<-" + r.ppid() + "@" + r.startTimeMillis())
                .collect(Collectors.joining(" ", "[", "]"));
    }
}
