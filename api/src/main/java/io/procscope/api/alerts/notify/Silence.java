package io.procscope.api.alerts.notify;

/**
 * A silence: the rule's transitions (on one host, or on all) are recorded but not sent until it
 * ends.
 *
 * @param id its id, for {@code DELETE /api/v1/alerts/silences/{id}}
 * @param rule the rule's name
 * @param host the host's name, or null for every host
 * @param untilMillis when it ends, ms since the epoch
 * @param until the same, RFC 3339
 * @param createdBy who set it: {@code sha256:} and the first 12 hex digits of their key's digest,
 *     or {@code anonymous}
 * @param comment why, or null
 * @param createdMillis when it was set, ms since the epoch
 */
public record Silence(
        long id,
        String rule,
        String host,
        long untilMillis,
        String until,
        String createdBy,
        String comment,
        long createdMillis) {}
