package io.procscope.api.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What {@link AlertTransitioned} told its observers once committed, as a notifier hears it. */
@ApplicationScoped
public class TransitionsHeard {

    private final List<AlertTransitioned> heard = new CopyOnWriteArrayList<>();

    void onCommitted(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertTransitioned t) {
        heard.add(t);
    }

    /** What was heard of {@code hostname}'s alerts, in order. */
    public List<AlertTransitioned> of(String hostname) {
        return heard.stream().filter(t -> t.hostname().equals(hostname)).toList();
    }
}
