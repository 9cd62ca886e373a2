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

    /**
     * {@code clients} threads ask in turn, each starting at another kind, about a random one of
     * {@code targets}, until {@code seconds} are up. The latencies by kind; the first answer that is
     * not 200 stops every client and fails the phase.
     */
    static <T> Map<String, Latencies> run(
            ApiClient api, int clients, Map<String, Function<T, String>> kinds, List<T> targets, int seconds)
            throws InterruptedException {
        Map<String, Latencies> latencies = new LinkedHashMap<>();
        kinds.keySet().forEach(k -> latencies.put(k, new Latencies()));
        List<String> names = new ArrayList<>(kinds.keySet());
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicReference<String> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(
                    () -> {
                        try {
                            for (int i = client; System.nanoTime() < deadline && failure.get() == null; i++) {
                                String kind = names.get(i % names.size());
                                T target =
                                        targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
                                ApiClient.Answer answer =
                                        api.get(kinds.get(kind).apply(target));
                                if (answer.status() != 200) {
                                    failure.compareAndSet(
                                            null,
                                            kind + " " + target + ": HTTP " + answer.status() + " " + answer.text());
                                }
                                latencies.get(kind).record(answer.nanos(), answer.body().length);
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
