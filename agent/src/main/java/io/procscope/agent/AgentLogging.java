package io.procscope.agent;

import io.procscope.agent.config.AgentConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The command line's logging: java.util.logging to stderr, one line per record, for example {@code
 * 2026-11-26T10:37:52.123Z INFO  ship.ReportShipper API at ... answers again}. An exception is
 * summarised on the same line; its stack trace follows only when the log level is DEBUG or finer.
 * With {@code log-format=json}, one JSON object per line instead ({@link JsonLineFormatter}).
 */
public final class AgentLogging {

    /** Logger names are printed without this prefix. */
    private static final String OWN_PREFIX = "io.procscope.agent.";

    /**
     * The JDK's HTTP client logs every request's headers at FINE, {@code Authorization} included: the
     * host's credential, the enrollment secret, the pod's service account token. Held here, never
     * finer than INFO whatever {@code log-level} says, and strongly referenced so that the level is
     * not lost with a collected logger.
     */
    private static final Logger JDK_HTTP = Logger.getLogger("sun.net.www.protocol.http");

    private AgentLogging() {}

    /**
     * Keeps log lines written from shutdown hooks: installed as {@code java.util.logging.manager}, it
     * ignores the JDK's reset at shutdown, which would otherwise close the handlers while the agent is
     * still logging that it stops. {@link #flush()} flushes at the very end.
     */
    public static final class ShutdownSafeLogManager extends LogManager {

        /** Created by {@link LogManager} through the system property. */
        public ShutdownSafeLogManager() {}

        @Override
        public void reset() {
            // the JDK calls this from its own shutdown hook; AgentLogging.flush() ends logging instead
        }
    }

    /**
     * Routes all logging to stderr at {@code level}, one line per record. OSHI's own logging stays at
     * WARNING unless {@code level} is FINEST; the JDK's HTTP client never logs below INFO (its DEBUG
     * lines carry the {@code Authorization} header).
     *
     * @param level least severe level printed
     */
    public static void install(Level level) {
        install(level, AgentConfig.LogFormat.TEXT);
    }

    /**
     * Routes all logging to stderr at {@code level}, in {@code format}; otherwise as {@link
     * #install(Level)}.
     *
     * @param level least severe level printed
     * @param format one line of text or one JSON object per record
     */
    public static void install(Level level, AgentConfig.LogFormat format) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Formatter formatter = format == AgentConfig.LogFormat.JSON ? new JsonLineFormatter() : new OneLineFormatter();
        Handler handler = new StreamHandler(System.err, formatter) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        Logger.getLogger("oshi").setLevel(level.intValue() <= Level.FINEST.intValue() ? level : Level.WARNING);
        Logger.getLogger("jdk.internal.httpclient").setLevel(Level.WARNING);
        JDK_HTTP.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
    }

    /** Flushes every handler; call last, after the final log line. */
    public static void flush() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
    }

    /** One line per record: instant, level, short logger name, message, and the exception's summary. */
    public static final class OneLineFormatter extends Formatter {

        static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        /** A formatter. */
        public OneLineFormatter() {}

        @Override
        public String format(LogRecord record) {
            StringBuilder sb = new StringBuilder(160);
            sb.append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ');
            String level = levelName(record.getLevel());
            sb.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
            String name = record.getLoggerName() == null ? "" : record.getLoggerName();
            sb.append(name.startsWith(OWN_PREFIX) ? name.substring(OWN_PREFIX.length()) : name)
                    .append(' ');
            sb.append(formatMessage(record).replace('\n', ' '));
            Throwable t = record.getThrown();
            if (t != null && !sb.toString().contains(t.toString())) {
                sb.append(" (").append(t).append(')');
            }
            sb.append(System.lineSeparator());
            Level rootLevel = Logger.getLogger("").getLevel();
            if (t != null && rootLevel != null && rootLevel.intValue() <= Level.FINE.intValue()) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                sb.append(trace);
            }
            return sb.toString();
        }

        static String levelName(Level level) {
            if (level == Level.SEVERE) {
                return "ERROR";
            }
            if (level == Level.WARNING) {
                return "WARN";
            }
            if (level == Level.FINE || level == Level.CONFIG) {
                return "DEBUG";
            }
            if (level == Level.FINER || level == Level.FINEST) {
                return "TRACE";
            }
            return level.getName();
        }
    }

    /**
     * One JSON object per record and per line, for a log collector: {@code {"timestamp":
     * "2026-11-26T10:37:52.123Z", "level": "WARN", "logger": "io.procscope.agent.ship.ReportShipper",
     * "message": "...", "thread": "procscope-agent", "exception": "java.io.IOException: ..."}}, with
     * {@code stackTrace} beside {@code exception} when the log level is DEBUG or finer, as in text.
     *
     * <p>Messages carry what hosts and the API sent (process names, URLs, answers), so the output is
     * ASCII whatever they hold: quotes, backslashes, control characters (newlines, ESC) and every
     * character above U+007E are escaped as JSON allows, and a lone surrogate becomes U+FFFD. No record
     * can break its line, forge another, or reach a terminal as anything but text.
     */
    public static final class JsonLineFormatter extends Formatter {

        private static final char[] HEX = "0123456789abcdef".toCharArray();

        /** A formatter. */
        public JsonLineFormatter() {}

        @Override
        public String format(LogRecord record) {
            StringBuilder sb = new StringBuilder(256);
            sb.append("{\"timestamp\":\"")
                    .append(OneLineFormatter.TIME.format(Instant.ofEpochMilli(record.getMillis())))
                    .append('"');
            field(sb, "level", OneLineFormatter.levelName(record.getLevel()));
            field(sb, "logger", record.getLoggerName() == null ? "" : record.getLoggerName());
            field(sb, "message", formatMessage(record));
            // java.util.logging formats in the publishing thread: its name is the record's thread
            field(sb, "thread", Thread.currentThread().getName());
            Throwable t = record.getThrown();
            if (t != null) {
                field(sb, "exception", t.toString());
                Level rootLevel = Logger.getLogger("").getLevel();
                if (rootLevel != null && rootLevel.intValue() <= Level.FINE.intValue()) {
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    field(sb, "stackTrace", trace.toString());
                }
            }
            return sb.append('}').append('\n').toString();
        }

        private static void field(StringBuilder sb, String name, String value) {
            sb.append(",\"").append(name).append("\":");
            quote(sb, value);
        }

        /**
         * Appends {@code value} as a JSON string of ASCII characters.
         *
         * @param sb where to append
         * @param value any text; null is written as {@code null}
         */
        static void quote(StringBuilder sb, String value) {
            if (value == null) {
                sb.append("null");
                return;
            }
            sb.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c >= 0x20 && c < 0x7f) {
                            sb.append(c);
                        } else if (Character.isHighSurrogate(c)
                                && i + 1 < value.length()
                                && Character.isLowSurrogate(value.charAt(i + 1))) {
                            escape(sb, c);
                            escape(sb, value.charAt(++i));
                        } else if (Character.isSurrogate(c)) {
                            escape(sb, '\ufffd'); // alone, it is no character
                        } else {
                            escape(sb, c);
                        }
                    }
                }
            }
            sb.append('"');
        }

        private static void escape(StringBuilder sb, char c) {
            sb.append("\\u")
                    .append(HEX[(c >> 12) & 0xf])
                    .append(HEX[(c >> 8) & 0xf])
                    .append(HEX[(c >> 4) & 0xf])
                    .append(HEX[c & 0xf]);
        }
    }
}
