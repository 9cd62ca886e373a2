package io.procscope.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Concurrent readers for phases B and S: clients ask every kind of question in turn about random targets. */
final class QueryClients {

    private QueryClients() {}

    /** When a client asks its questions. */
    private interface Schedule {

        /**
         * The number of the {@code k}-th question of {@code client} (which kind it asks, in turn), or
         * -1 when the client is done.
         */
        long question(int client, long k);

        /** When question {@code n} is due (System.nanoTime()), or {@link #NOW} for as soon as the client is free. */
        long due(long n);

        /** Due as soon as the client is free: timed from when it leaves. */
        long NOW = Long.MIN_VALUE;
    }

    /**
     * {@code clients} threads ask in turn, each starting at another kind, about a random one of
     * {@code targets}, until {@code seconds} are up. The latencies by kind; the first answer that is
     * not 200 stops every client and fails the phase.
     */
    static <T> Map<String, Latencies> run(
            ApiClient api, int clients, Map<String, Function<T, String>> kinds, List<T> targets, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        return ask(api, clients, kinds, targets, new Schedule() {
            @Override
            public long question(int client, long k) {
                return System.nanoTime() < deadline ? client + k : -1;
            }

            @Override
            public long due(long n) {
                return Schedule.NOW;
            }
        });
    }

    /**
     * {@code clients} threads ask in turn as {@link #run} does, but on a schedule: {@code perSecond}
     * requests a second in all, each thread sending every {@code clients}-th. A latency counts from
     * the time the request was due, not from when it left: a client held up by a slow answer does
     * not hide the wait of the requests it sends late (no coordinated omission). Below saturation
     * the figures are service times; at and past it they grow with the backlog.
     */
    static <T> Map<String, Latencies> runAtRate(
            ApiClient api,
            int clients,
            Map<String, Function<T, String>> kinds,
            List<T> targets,
            int seconds,
            double perSecond)
            throws InterruptedException {
        long periodNanos = (long) (1e9 / perSecond);
        long start = System.nanoTime() + 100_000_000L;
        long requests = (long) (seconds * perSecond);
        return ask(api, clients, kinds, targets, new Schedule() {
            @Override
            public long question(int client, long k) {
                long n = client + k * clients;
                return n < requests ? n : -1;
            }

            @Override
            public long due(long n) {
                return start + n * periodNanos;
            }
        });
    }

    private static <T> Map<String, Latencies> ask(
            ApiClient api, int clients, Map<String, Function<T, String>> kinds, List<T> targets, Schedule schedule)
            throws InterruptedException {
        Map<String, Latencies> latencies = new LinkedHashMap<>();
        kinds.keySet().forEach(k -> latencies.put(k, new Latencies()));
        List<String> names = new ArrayList<>(kinds.keySet());
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(
                    () -> {
                        try {
                            for (long k = 0; failure.get() == null; k++) {
                                long n = schedule.question(client, k);
                                if (n < 0) {
                                    break;
                                }
                                long due = schedule.due(n);
                                if (due != Schedule.NOW) {
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                    }
                                }
                                String kind = names.get((int) (n % names.size()));
                                T target =
                                        targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
                                ApiClient.Answer answer =
                                        api.get(kinds.get(kind).apply(target));
                                if (answer.status() != 200) {
                                    failure.compareAndSet(
                                            null,
                                            kind + " " + target + ": HTTP " + answer.status() + " " + answer.text());
                                }
                                long elapsed = due == Schedule.NOW ? answer.nanos() : System.nanoTime() - due;
                                latencies.get(kind).record(elapsed, answer.body().length);
                            }
                        } catch (Exception e) {
                            failure.compareAndSet(null, e.toString());
                        }
                    },
                    "client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A query failed: " + failure.get());
        }
        return latencies;
    }
}
