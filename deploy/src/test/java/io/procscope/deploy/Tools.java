package io.procscope.deploy;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools a test needs on the PATH. Without one, the test is skipped with the reason, except in CI
 * ({@code CI} set), where it fails: {@code .ci/run} installs them, and a check that silently did
 * not run would pass for the wrong reason.
 */
final class Tools {

    private Tools() {}

    static void require(String tool, String install) {
        if (Command.installed(tool)) {
            return;
        }
        String reason = tool + " is not installed (" + install + ")";
        if (System.getenv("CI") != null) {
            Assertions.fail("CI is set but " + reason);
        }
        Assumptions.abort(reason);
    }
}
