package io.procscope.api.domain;

/**
 * An operator renamed a host: its host row and its credential now go by {@code to}, its history
 * stays with it. Fired as a CDI event inside the renaming transaction; observe it {@code
 * during = AFTER_SUCCESS} to drop what is kept in memory under the old name.
 *
 * @param from the name it had
 * @param to the name it has now
 */
public record HostRenamed(String from, String to) {}
