package io.procscope.api.alerts.notify;

/**
 * A silence was set or ended: fired within the transaction that did it, as a CDI event, so that
 * open pages hear of it once it is committed.
 *
 * @param rule the rule it silences
 * @param host the host, or null for every host
 */
public record SilenceChanged(String rule, String host) {}
