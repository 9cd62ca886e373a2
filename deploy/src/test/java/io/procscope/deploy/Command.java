package io.procscope.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command-line tool the deploy tests run: {@code kubectl}, {@code promtool}. */
final class Command {

    /** How a run ended: the exit code ({@code -1} when it could not run or timed out) and its output. */
    record Result(int exitCode, String output) {}

    private Command() {}

    /** True when {@code tool} is on the PATH. */
    static boolean installed(String tool) {
        return run(Path.of(""), false, "sh", "-c", "command -v " + tool).exitCode() == 0;
    }

    /** Runs {@code command} in the module directory; its standard output only, errors discarded. */
    static Result output(String... command) {
        return run(Path.of(""), false, command);
    }

    /** Runs {@code command} in {@code dir}; standard output and errors together, as a person reads them. */
    static Result transcript(Path dir, String... command) {
        return run(dir, true, command);
    }

    private static Result run(Path dir, boolean withErrors, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command))
                    .directory(dir.toAbsolutePath().toFile());
            if (withErrors) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
