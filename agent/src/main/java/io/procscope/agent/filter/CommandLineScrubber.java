package io.procscope.agent.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replaces the secrets a command line carries with {@value #MASK} before it leaves the host. On by
 * default. A value is a secret when its key holds one of the secret words ({@link #DEFAULT_WORDS}
 * plus custom ones, case-insensitive, anywhere in the key, {@code *} matching any run of
 * characters):
 *
 * <ul>
 *   <li>{@code --password=x}, {@code --db-password=x}, {@code -Djavax.net.ssl.keyStorePassword=x},
 *       {@code PGPASSWORD=x} (environment style): the value after {@code =};
 *   <li>{@code --password x}, {@code -api-key x}: the next argument, unless it is an option itself;
 *   <li>{@code scheme://user:password@host}: the password of a URL's user information.
 * </ul>
 *
 * Or every argument is dropped and only the program stays. Pure and thread-safe.
 */
public final class CommandLineScrubber {

    /** What a secret is replaced with. */
    public static final String MASK = "********";

    /** Words that make a key secret, matched case-insensitively anywhere in the key. */
    public static final List<String> DEFAULT_WORDS = List.of(
            "password",
            "passwd",
            "mysql_pwd",
            "access_token",
            "auth_token",
            "api_key",
            "apikey",
            "secret",
            "credentials",
            "stripetoken");

    /** Passes command lines through unchanged. */
    public static final CommandLineScrubber OFF = new CommandLineScrubber(false, List.of(), false);

    private final boolean enabled;
    private final boolean dropArguments;
    private final String[] plainWords;
    private final Glob[] wildcardWords;

    /**
     * @param enabled whether secrets are scrubbed at all
     * @param extraWords more secret words, each may hold {@code *} wildcards
     * @param dropArguments whether to drop every argument and keep only the program
     */
    public CommandLineScrubber(boolean enabled, List<String> extraWords, boolean dropArguments) {
        this.enabled = enabled;
        this.dropArguments = dropArguments;
        List<String> plain = new ArrayList<>();
        List<Glob> wildcard = new ArrayList<>();
        List<String> words = new ArrayList<>(DEFAULT_WORDS);
        words.addAll(extraWords);
        for (String w : words) {
            String word = w.strip().toLowerCase(Locale.ROOT);
            if (word.isEmpty() || word.chars().allMatch(c -> c == '*')) {
                continue;
            }
            if (word.indexOf('*') < 0) {
                plain.add(word);
            } else {
                wildcard.add(Glob.of("*" + word + "*"));
            }
        }
        this.plainWords = plain.toArray(String[]::new);
        this.wildcardWords = wildcard.toArray(Glob[]::new);
    }

    /** @return the default: scrubbing on with the default words, arguments kept */
    public static CommandLineScrubber defaults() {
        return new CommandLineScrubber(true, List.of(), false);
    }

    /**
     * Scrubs a command line given as its arguments, separated by {@code separator}: {@code '\0'}
     * for the raw {@code /proc/PID/cmdline}, where an argument may hold spaces, or {@code ' '} for a
     * line already joined.
     *
     * @param line the arguments
     * @param separator what separates them
     * @return the arguments joined by spaces, secrets masked; null for null
     */
    public String scrub(String line, char separator) {
        if (line == null) {
            return null;
        }
        List<String> args = split(line, separator);
        if (dropArguments) {
            return args.isEmpty() ? "" : enabled ? scrubArgument(args.get(0)) : args.get(0);
        }
        if (!enabled) {
            return String.join(" ", args);
        }
        StringBuilder out = new StringBuilder(line.length() + 16);
        boolean maskNext = false;
        for (String arg : args) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (maskNext && !arg.startsWith("-")) {
                out.append(MASK);
                maskNext = false;
                continue;
            }
            maskNext = isSecretFlag(arg);
            out.append(scrubArgument(arg));
        }
        return out.toString();
    }

    /**
     * @param key a key, for example {@code --db-password} or {@code PGPASSWORD}
     * @return true when it holds a secret word
     */
    public boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : plainWords) {
            if (k.contains(w)) {
                return true;
            }
        }
        for (Glob g : wildcardWords) {
            if (g.matches(k)) {
                return true;
            }
        }
        return false;
    }

    /** {@code --password} or {@code -api-key} alone: its value is the next argument. */
    private boolean isSecretFlag(String arg) {
        if (!arg.startsWith("-") || arg.length() < 2 || arg.indexOf('=') >= 0) {
            return false;
        }
        for (int i = 0; i < arg.length(); i++) {
            if (!isKeyChar(arg.charAt(i))) {
                return false;
            }
        }
        return isSecretKey(arg);
    }

    /** Masks {@code KEY=value} pairs with a secret key and URL passwords inside one argument. */
    private String scrubArgument(String arg) {
        String s = maskKeyValues(arg);
        return maskUrlPasswords(s);
    }

    private String maskKeyValues(String arg) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
            return arg;
        }
        StringBuilder out = null;
        int copied = 0;
        while (eq >= 0) {
            int keyStart = eq;
            while (keyStart > 0 && isKeyChar(arg.charAt(keyStart - 1))) {
                keyStart--;
            }
            if (keyStart < eq && isSecretKey(arg.substring(keyStart, eq))) {
                // an option at the start of the argument owns the rest of it, spaces included; an
                // assignment (PGPASSWORD=x in "sh -c ..."), or a pair inside a longer text (a process
                // title, a URL query, a list) ends at a separator
                int valueEnd = keyStart == 0 && arg.charAt(0) == '-' ? arg.length() : separatorOrEnd(arg, eq + 1);
                if (valueEnd > eq + 1) {
                    if (out == null) {
                        out = new StringBuilder(arg.length());
                    }
                    out.append(arg, copied, eq + 1).append(MASK);
                    copied = valueEnd;
                }
                eq = arg.indexOf('=', Math.max(valueEnd, eq + 1));
            } else {
                eq = arg.indexOf('=', eq + 1);
            }
        }
        if (out == null) {
            return arg;
        }
        return out.append(arg, copied, arg.length()).toString();
    }

    private static int separatorOrEnd(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (" &;,".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** {@code scheme://user:password@host}: the password, up to the {@code @}. */
    static String maskUrlPasswords(String arg) {
        int scheme = arg.indexOf("://");
        if (scheme < 0) {
            return arg;
        }
        StringBuilder out = null;
        int copied = 0;
        while (scheme >= 0) {
            int authority = scheme + 3;
            int end = authority;
            while (end < arg.length() && "/?# ".indexOf(arg.charAt(end)) < 0) {
                end++;
            }
            int at = arg.lastIndexOf('@', end - 1);
            if (at >= authority) {
                int colon = arg.indexOf(':', authority);
                if (colon >= 0 && colon < at && at > colon + 1) {
                    if (out == null) {
                        out = new StringBuilder(arg.length());
                    }
                    out.append(arg, copied, colon + 1).append(MASK);
                    copied = at;
                }
            }
            scheme = arg.indexOf("://", end);
        }
        if (out == null) {
            return arg;
        }
        return out.append(arg, copied, arg.length()).toString();
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-'
                || c == '.';
    }

    private static List<String> split(String line, char separator) {
        List<String> args = new ArrayList<>();
        int start = 0;
        int n = line.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || line.charAt(i) == separator) {
                if (i > start) {
                    args.add(line.substring(start, i));
                }
                start = i + 1;
            }
        }
        return args;
    }
}
