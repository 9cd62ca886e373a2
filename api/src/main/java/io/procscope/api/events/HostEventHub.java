package io.procscope.api.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This replica's subscribers to the live event stream. Every event is made once per replica and
 * handed to each subscriber as it is; nothing here reads the database.
 */
@ApplicationScoped
public class HostEventHub {

    /** Gauge of open event streams on this replica. */
    static final String SUBSCRIBERS = "procscope.events.subscribers";

    /**
     * Events a slow subscriber may fall behind by. Past that its stream fails and its client
     * reconnects (EventSource does by itself), rather than the replica holding events for it.
     */
    static final int BUFFER = 256;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    /** Places taken of {@code procscope.events.max-subscribers}: streams open or being opened. */
    private final AtomicInteger places = new AtomicInteger();

    private final EventsConfig config;

    HostEventHub(EventsConfig config, MeterRegistry registry) {
        this.config = config;
        Gauge.builder(SUBSCRIBERS, subscribers, Set::size)
                .description("Open live event streams on this replica")
                .register(registry);
    }

    /**
     * A stream of the events about {@code hostname}, or about every host when it is null; empty when
     * {@code procscope.events.max-subscribers} streams are open already. It opens with {@link
     * LiveEvent#CONNECTED}, sent once the subscriber is registered, and gives its place back when it
     * ends, fails or its client goes away.
     */
    public Optional<Multi<LiveEvent>> subscribe(String hostname) {
        // A place is taken now, not on subscription, so that a refusal can still be an HTTP status.
        if (places.incrementAndGet() > config.maxSubscribers()) {
            places.decrementAndGet();
            return Optional.empty();
        }
        AtomicBoolean placeHeld = new AtomicBoolean(true);
        Runnable givePlaceBack = () -> {
            if (placeHeld.compareAndSet(true, false)) {
                places.decrementAndGet();
            }
        };
        return Optional.of(Multi.createFrom()
                .<LiveEvent>emitter(emitter -> {
                    Subscriber subscriber = new Subscriber(hostname, emitter);
                    subscribers.add(subscriber);
                    emitter.onTermination(() -> {
                        subscribers.remove(subscriber);
                        givePlaceBack.run();
                    });
                    emitter.emit(LiveEvent.CONNECTED);
                })
                .onOverflow()
                .buffer(BUFFER)
                .onTermination()
                .invoke(givePlaceBack));
    }

    /** Streams open, or being opened, on this replica. */
    int subscriberCount() {
        return places.get();
    }

    /** True while at least one stream is open on this replica. */
    public boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /** Hands an event to every subscriber that follows its host. */
    public void publish(LiveEvent event) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.follows(event)) {
                subscriber.emitter().emit(event);
            }
        }
    }

    void scheduleHeartbeat(@Observes StartupEvent event, Scheduler scheduler) {
        String every = config.heartbeat().toString();
        scheduler
                .newJob("procscope-events-heartbeat")
                .setInterval(every)
                .setDelayed(every)
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> publish(LiveEvent.HEARTBEAT))
                .schedule();
    }

    private record Subscriber(String hostname, MultiEmitter<? super LiveEvent> emitter) {
        boolean follows(LiveEvent event) {
            return hostname == null || event.isForEveryone() || hostname.equals(event.hostname());
        }
    }
}
