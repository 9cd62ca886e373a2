package io.procscope.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The embedded database with short timings, so that a test sees a stale host announced, a
 * heartbeat on the event stream and a refresh of the fleet's gauges within seconds. (A host goes
 * stale after a few of its agent's intervals: tests send a short {@code intervalMillis}.) And small
 * limits where a test must reach them.
 */
public class ShortTimingsProfile implements QuarkusTestProfile {

    /** Each shorter than the waits of the tests. */
    public static final Map<String, String> SETTINGS = Map.of(
            "procscope.events.stale-check", "1s",
            "procscope.events.heartbeat", "1s",
            "procscope.metrics.refresh", "1s",
            // Off by default; on here so that the tests can read a host's gauges.
            "procscope.metrics.per-host", "true",
            // A few, so that a test can fill them; each other test opens one stream at a time.
            "procscope.events.max-subscribers", "3");

    @Override
    public Map<String, String> getConfigOverrides() {
        return SETTINGS;
    }
}
