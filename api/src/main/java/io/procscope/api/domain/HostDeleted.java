package io.procscope.api.domain;

/**
 * An operator deleted a host: every row of it is gone, in every table, its credential too. Fired
 * as a CDI event inside the deleting transaction; observe it {@code during = AFTER_SUCCESS} to
 * drop what is kept in memory about the host.
 *
 * @param hostname the host's name
 * @param hostId the id its rows had; null for a host that had enrolled but never reported
 */
public record HostDeleted(String hostname, Long hostId) {}
