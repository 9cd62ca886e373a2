package io.procscope.api.admin;

/**
 * A host as operators manage it: one that has reported, or one that has only enrolled so far.
 *
 * @param hostname its name, which its credential is bound to
 * @param status whether it reports, by the API's clock; {@code enrolled-only} before its first report
 * @param lastReceivedMillis when the API received its newest report, ms since the epoch; null before the first
 * @param credential its credential; null for a host without one (stored before enrollment existed,
 *     or reset since)
 */
public record ManagedHost(
        String hostname, ManagedHostStatus status, Long lastReceivedMillis, CredentialSummary credential) {}
