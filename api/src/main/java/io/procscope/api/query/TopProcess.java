package io.procscope.api.query;

import io.quarkus.qute.TemplateData;

/**
 * A process among the fleet's busiest.
 *
 * @param hostname its host
 * @param process the process, from its host's newest report
 */
@TemplateData
public record TopProcess(String hostname, ProcessRow process) {}
