package io.procscope.agent.config;

/**
 * A setting has a value the agent cannot use, or a configuration file cannot be read. The message is
 * one line that names the setting (or file), the bad value and where it came from; the command line
 * prints it and exits with status {@value #EXIT_STATUS}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Process exit status for a configuration error. */
    public static final int EXIT_STATUS = 2;

    /**
     * @param message one line naming the setting, the value and what was expected
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the setting or file and what went wrong
     * @param cause the underlying error
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
