package io.procscope.api.config;

import io.procscope.dto.EnrollRequest;
import io.procscope.dto.EnrollResponse;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.ProcessStatus;
import io.procscope.dto.ReportReceipt;
import io.procscope.dto.SystemMetrics;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The wire contract's records, kept for reflection in the native image. Quarkus registers the
 * parameter and return types of REST methods itself, but the API reads and writes these with
 * Jackson readers of its own (ReportReader, EnrollReader, HostQueries, ReportWriter), outside any
 * REST signature, and {@code dto} carries no Quarkus annotation. The API's own records that such
 * a mapper handles carry {@link RegisterForReflection} where they are declared; NativeReflectionTest
 * checks that every record a hand-made mapper reaches is kept one way or the other.
 */
@RegisterForReflection(
        targets = {
            HostReport.class,
            HostInfo.class,
            SystemMetrics.class,
            FileSystemUsage.class,
            ProcessInfo.class,
            ProcessStatus.class,
            EnrollRequest.class,
            EnrollResponse.class,
            ReportReceipt.class
        })
public final class NativeReflection {

    private NativeReflection() {}
}
