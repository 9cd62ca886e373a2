package io.procscope.api.query;

/**
 * A process among the fleet's busiest.
 *
 * @param hostname its host
 * @param process the process, from its host's newest report
 */
public record TopProcess(String hostname, ProcessRow process) {}
