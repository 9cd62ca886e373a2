/**
 * The wire contract between the procscope agent and the API, version {@value
 * io.procscope.dto.HostReport#SCHEMA_VERSION}.
 *
 * <p>Reports travel as gzip-compressed JSON. Every record ignores fields it does not know, so an
 * older API accepts a report from a newer agent. Units are in the field names ({@code Bytes},
 * {@code Millis}, {@code Percent}); times are milliseconds since the Unix epoch, UTC. A field the
 * agent could not read is {@code null}, never a made-up value.
 */
package io.procscope.dto;
