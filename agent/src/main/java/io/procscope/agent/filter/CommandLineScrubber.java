package io.procscope.agent.filter;

import io.procscope.dto.match.Glob;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replaces the secrets a command line carries with {@value #MASK} before it leaves the host, keeping
 * everything else byte for byte: key names, separators, quotes, the rest of the line. On by default.
 *
 * <p>A value is a secret when its key is (see the README, "Command-line scrubbing", for the table):
 *
 * <ul>
 *   <li>a key holding one of {@link #DEFAULT_WORDS} or a custom word anywhere, once its {@code -},
 *       {@code _} and {@code .} are taken out and case ignored ({@code --api-key}, {@code API_KEY},
 *       {@code apiKey}), or ending in {@code token}, {@code bearer}, {@code signature}, {@code sig},
 *       {@code pass}, {@code pwd}, a qualified {@code key} ({@code --access-key}, {@code SIGNING_KEY}
 *       and any environment-style {@code *_KEY}), {@code auth} or {@code creds} (for these two
 *       only the password of {@code user:password}), in {@code --key=value}, {@code --key value},
 *       {@code KEY=value}, {@code a=1,key=value} and URL queries ({@code ?token=}, {@code &sig=},
 *       {@code ?key=}), or as a JSON key ({@code "password":"x"});
 *   <li>a credential header in {@code Name: value} or {@code Name:value} ({@code Authorization}
 *       after its scheme, {@code Cookie}, {@code X-Api-Key}, {@code Private-Token}, ...);
 *   <li>the password of {@code scheme://user:password@host}, an OpenSSL {@code pass:x}, SQL's
 *       {@code PASSWORD 'x'} and {@code IDENTIFIED BY 'x'};
 *   <li>a program's own password options after its name, also inside {@code sh -c} scripts and
 *       after {@code docker exec}: {@code mysql -pX}, {@code curl -u user:pw}, {@code sshpass -p},
 *       {@code redis-cli -a}, {@code ldapsearch -w}, {@code docker login -p}, {@code sqlplus
 *       user/pw@db}, ...
 * </ul>
 *
 * Not secrets: references to one ({@code --password-file=/run/secrets/db}, {@code
 * --password-stdin}, {@code -passin env:VAR}), negations and prompts ({@code --no-password},
 * {@code --ask-vault-pass}), a qualified key's path ({@code --private-key ~/.ssh/id}), the shell's
 * {@code PWD=}. Or every argument is dropped and only the program stays.
 *
 * <p>One left-to-right pass over the line's characters, no regular expression; a key is judged by
 * at most its last {@value #MAX_KEY} characters: linear in the line's length. Pure and thread-safe.
 */
public final class CommandLineScrubber {

    /** What a secret is replaced with. */
    public static final String MASK = "********";

    /**
     * Words that make a key secret anywhere in it, matched case-insensitively once {@code -},
     * {@code _} and {@code .} are taken out of both: Datadog's ten defaults ({@code credentials}
     * widened to {@code credential}), {@code passphrase} and Redis's {@code masterauth}. The
     * endings that also make a key secret are fixed: see the class.
     */
    public static final List<String> DEFAULT_WORDS = List.of(
            "password",
            "passwd",
            "passphrase",
            "mysql_pwd",
            "access_token",
            "auth_token",
            "api_key",
            "apikey",
            "secret",
            "credential",
            "stripetoken",
            "masterauth");

    /** Passes command lines through unchanged. */
    public static final CommandLineScrubber OFF = new CommandLineScrubber(false, List.of(), false);

    /** Longest key looked at; a longer run of key characters is judged by its last ones. */
    static final int MAX_KEY = 128;

    private static final String[] STRONG = DEFAULT_WORDS.stream()
            .map(w -> w.replace("_", "").replace("-", "").replace(".", ""))
            .distinct()
            .toArray(String[]::new);

    /** Key endings whose value is a secret unless it is a path: {@code --private-key ~/.ssh/id}. */
    private static final String[] KEY_WORDS = {
        "accesskey",
        "privatekey",
        "signingkey",
        "encryptionkey",
        "masterkey",
        "licensekey",
        "accountkey",
        "certificatekey",
        "sharedkey",
        "subscriptionkey",
        "storagekey",
        "hmackey",
        "clientkey",
        "authkey"
    };

    /** Key endings that name where a secret is, not the secret. */
    private static final String[] REFERENCE_ENDINGS = {"file", "path", "dir", "stdin", "fd"};

    /** First words of boolean flags: {@code --no-password}, {@code --ask-vault-pass}, {@code --with-token}. */
    private static final String[] BOOLEAN_PREFIXES = {"no", "ask", "with", "without"};

    /** Query parameters secret by name alone: Google's {@code ?key=}, Azure's {@code &sig=}, ... */
    private static final String[] QUERY_NAMES = {"key", "sig", "jwt", "auth", "token", "pass"};

    private static final Set<String> AUTHORIZATION_SCHEMES = Set.of(
            "bearer",
            "basic",
            "token",
            "digest",
            "negotiate",
            "ntlm",
            "apikey",
            "api-key",
            "key",
            "aws4-hmac-sha256",
            "hoba",
            "mutual",
            "dpop",
            "gnap",
            "splunk",
            "ssws",
            "sso-key",
            "oauth");

    private static final Map<String, Program> PROGRAMS = programs();

    private static final int LONGEST_PROGRAM =
            PROGRAMS.keySet().stream().mapToInt(String::length).max().orElse(0);

    private final boolean enabled;
    private final boolean dropArguments;
    private final String[] plainWords;
    private final Glob[] wildcardWords;

    /**
     * @param enabled whether secrets are scrubbed at all
     * @param extraWords more secret words, matched anywhere in a key, case-insensitively, {@code -},
     *     {@code _} and {@code .} standing for one another; each may hold {@code *} wildcards
     * @param dropArguments whether to drop every argument and keep only the program
     */
    public CommandLineScrubber(boolean enabled, List<String> extraWords, boolean dropArguments) {
        this.enabled = enabled;
        this.dropArguments = dropArguments;
        List<String> plain = new ArrayList<>();
        List<Glob> wildcard = new ArrayList<>();
        for (String w : extraWords) {
            String word = normalizedWord(w.strip());
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
     * line already joined, read as a shell would split it (quotes group).
     *
     * @param line the arguments
     * @param separator what separates them
     * @return the arguments joined by spaces, secrets masked; null for null
     */
    public String scrub(String line, char separator) {
        if (line == null) {
            return null;
        }
        if (separator != '\0') {
            line = joined(line, separator);
        }
        if (dropArguments) {
            int end = line.indexOf(separator == '\0' ? '\0' : ' ');
            String program = end < 0 ? line : line.substring(0, end);
            if (!enabled || program.isEmpty()) {
                return program;
            }
            Scan scan = new Scan(program);
            scan.argument(0, program.length());
            return scan.out.toString();
        }
        if (!enabled) {
            return line.replace('\0', ' ');
        }
        Scan scan = new Scan(line);
        if (separator == '\0') {
            scan.arguments();
        } else {
            scan.text(0, line.length());
        }
        return scan.out.toString();
    }

    /**
     * @param key a key, for example {@code --db-password} or {@code PGPASSWORD}
     * @return true when its value is masked (a qualified key's, such as {@code --private-key}, only
     *     when it is no path)
     */
    public boolean isSecretKey(String key) {
        return kindOf(key.toCharArray(), 0, key.length(), false, new char[MAX_KEY]) != Kind.NONE;
    }

    /** What a value is masked as, decided by its key. */
    private enum Kind {
        /** not a secret */
        NONE,
        /** the whole value */
        VALUE,
        /** the whole value, unless it is a path */
        VALUE_NOT_PATH,
        /** {@code user:password}: what follows the first colon */
        AFTER_COLON,
        /** {@code user%password} (Samba): what follows the first {@code %} */
        AFTER_PERCENT,
        /** the next argument only when it is a quoted string (SQL's {@code PASSWORD 'x'}) */
        QUOTED,
        /** an Authorization header: the scheme stays, the credentials go */
        SCHEME_THEN_VALUE
    }

    /**
     * Decides a key.
     *
     * @param s the text holding it
     * @param from where it starts, leading dashes included
     * @param to where it ends
     * @param query whether it names a URL query parameter
     * @param c scratch space of {@value #MAX_KEY} characters for the key's letters and digits
     */
    private Kind kindOf(char[] s, int from, int to, boolean query, char[] c) {
        if (to - from > MAX_KEY) {
            from = to - MAX_KEY;
        }
        int dashes = 0;
        while (from + dashes < to && s[from + dashes] == '-') {
            dashes++;
        }
        int start = from + dashes;
        if (start >= to) {
            return Kind.NONE;
        }
        if (matchesCustomWord(s, from, to, c)) {
            return Kind.VALUE;
        }
        if (dashes == 1 && s[start] == 'D' && start + 1 < to && Character.isLetter(s[start + 1])) {
            start++; // -Dname=value: a Java system property
        }
        // components: split at -, _, . and where a lower-case letter or digit meets an upper-case one;
        // c holds them lower case, without separators
        int n = 0;
        int components = 0;
        int firstEnd = 0;
        int lastStart = 0;
        boolean envStyle = dashes == 0;
        boolean boundary = true;
        char prev = 0;
        for (int i = start; i < to; i++) {
            char ch = s[i];
            if (ch == '-' || ch == '_' || ch == '.') {
                boundary = true;
                envStyle &= ch == '_';
                prev = ch;
                continue;
            }
            boolean upper = ch >= 'A' && ch <= 'Z';
            envStyle &= upper || (ch >= '0' && ch <= '9');
            if (boundary || (upper && ((prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9')))) {
                if (components == 1) {
                    firstEnd = n;
                }
                lastStart = n;
                components++;
                boundary = false;
            }
            c[n++] = upper ? (char) (ch + ('a' - 'A')) : ch < 128 ? ch : Character.toLowerCase(ch);
            prev = ch;
        }
        if (components == 0) {
            return Kind.NONE;
        }
        if (components == 1) {
            firstEnd = n;
        }
        if (components > 1) {
            for (String prefix : BOOLEAN_PREFIXES) {
                if (equalsAt(c, 0, firstEnd, prefix)) {
                    return Kind.NONE;
                }
            }
        }
        for (String ending : REFERENCE_ENDINGS) {
            if (n > ending.length() && endsWith(c, n, ending)) {
                return Kind.NONE;
            }
        }
        if (query) {
            for (String name : QUERY_NAMES) {
                if (equalsAt(c, 0, n, name)) {
                    return Kind.VALUE;
                }
            }
        }
        if (equalsAt(c, lastStart, n, "auth") || endsWith(c, n, "creds")) {
            return Kind.AFTER_COLON;
        }
        for (String w : STRONG) {
            if (contains(c, n, w)) {
                return Kind.VALUE;
            }
        }
        if (endsWith(c, n, "token")
                || endsWith(c, n, "bearer")
                || endsWith(c, n, "signature")
                || equalsAt(c, lastStart, n, "sig")) {
            return Kind.VALUE;
        }
        // -pass 1 is ffmpeg's pass number, --bypass and GIT_ASKPASS are no secret
        if (endsWith(c, n, "pass")
                && !endsWith(c, n, "bypass")
                && !endsWith(c, n, "askpass")
                && (n > 4 || dashes >= 2 || envStyle)) {
            return Kind.VALUE;
        }
        // PWD= and OLDPWD= are the shell's working directories
        if (endsWith(c, n, "pwd") && !(envStyle && (n == 3 || equalsAt(c, 0, n, "oldpwd")))) {
            return Kind.VALUE;
        }
        for (String w : KEY_WORDS) {
            if (endsWith(c, n, w)) {
                return Kind.VALUE_NOT_PATH;
            }
        }
        if (envStyle && components > 1 && equalsAt(c, lastStart, n, "key")) {
            return Kind.VALUE_NOT_PATH;
        }
        return Kind.NONE;
    }

    private static boolean equalsAt(char[] c, int from, int to, String w) {
        if (to - from != w.length()) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if (c[from + i] != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Compared from the end: most endings differ in their last letter. */
    private static boolean endsWith(char[] c, int n, String w) {
        int k = w.length();
        if (n < k) {
            return false;
        }
        for (int i = 1; i <= k; i++) {
            if (c[n - i] != w.charAt(k - i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(char[] c, int n, String w) {
        char first = w.charAt(0);
        for (int i = 0; i + w.length() <= n; i++) {
            if (c[i] == first && equalsAt(c, i, i + w.length(), w)) {
                return true;
            }
        }
        return false;
    }

    /** The raw key, lower case, {@code -} and {@code .} as {@code _}, against the custom words. */
    private boolean matchesCustomWord(char[] s, int from, int to, char[] c) {
        if (plainWords.length == 0 && wildcardWords.length == 0) {
            return false;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char ch = s[i];
            c[n++] = ch == '-' || ch == '.'
                    ? '_'
                    : ch < 128 ? (ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch) : Character.toLowerCase(ch);
        }
        for (String w : plainWords) {
            if (contains(c, n, w)) {
                return true;
            }
        }
        for (Glob g : wildcardWords) {
            if (g.matches(c, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, {@code -} and {@code .} as {@code _}: so {@code session-*} matches {@code session_id}. */
    private static String normalizedWord(String w) {
        return w.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** One scrub: the line, what is written of it, and what the arguments read so far announce. */
    private final class Scan {

        private final String s;
        /** the line's characters: indexing them is cheaper than {@code charAt} in the agent's C1 code */
        private final char[] t;

        private final StringBuilder out;
        /** what the next argument is the value of */
        private Kind pending = Kind.NONE;
        /** the known program whose options are being read */
        private Program program;
        /** docker login and the like: -p is the password */
        private boolean login;
        /** the previous token was an option, so a program name now is its value ({@code --name mysql}) */
        private boolean afterOption;
        /** the previous token was SQL's IDENTIFIED */
        private boolean identified;
        /** where the token being read starts */
        private int tokenStart;
        /** scratch space for the key being decided */
        private final char[] key = new char[MAX_KEY];
        /** the last search for a closing quote, per quote character: where from, what it found */
        private int singleFrom = -1;

        private int singleAt = -1;
        private int doubleFrom = -1;
        private int doubleAt = -1;

        Scan(String s) {
            this.s = s;
            this.t = s.toCharArray();
            this.out = new StringBuilder(s.length() + 16);
        }

        private StringBuilder copy(int from, int to) {
            return out.append(t, from, to - from);
        }

        private Kind kind(int from, int to, boolean query) {
            return kindOf(t, from, to, query, key);
        }

        /** The NUL-separated arguments, joined by spaces. */
        void arguments() {
            int n = s.length();
            int i = 0;
            boolean first = true;
            while (i < n) {
                int j = s.indexOf('\0', i);
                if (j < 0) {
                    j = n;
                }
                if (j > i) {
                    if (!first) {
                        out.append(' ');
                    }
                    argument(i, j);
                    first = false;
                }
                i = j + 1;
            }
        }

        /**
         * One unit whose value may hold spaces: an argument of {@code /proc/PID/cmdline}, or what a
         * pair of quotes holds. A value announced before is all of it; so is the value of a secret
         * option at its start, or of a credential header.
         */
        void argument(int a, int b) {
            if (pending != Kind.NONE && pendingApplies(a, b)) {
                pending = value(a, b, pending);
                afterOption = false;
                return;
            }
            pending = Kind.NONE;
            if (!hasSpace(a, b)) {
                token(a, b);
                return;
            }
            // a script: its first word is a program, whatever option came before (sh -c 'mysql ...')
            afterOption = false;
            a = peel(a, b, true);
            if (a < 0 || header(a, b, true)) {
                pending = Kind.NONE;
                return;
            }
            text(a, b);
            // what a script announces at its end is not the next argument's business
            pending = Kind.NONE;
        }

        /** Words separated by white space, quotes grouping. */
        void text(int a, int b) {
            int i = a;
            while (i < b) {
                char c = t[i];
                if (isSpace(c)) {
                    out.append(c);
                    i++;
                    continue;
                }
                int e = tokenEnd(i, b);
                token(i, e);
                i = e;
            }
        }

        private int tokenEnd(int i, int b) {
            int start = i;
            while (i < b) {
                char c = t[i];
                if (isSpace(c)) {
                    break;
                }
                // a quote opens a group where a shell word or a value starts, not in "it's"
                if ((c == '\'' || c == '"') && (i == start || t[i - 1] == '=' || t[i - 1] == ':')) {
                    int close = closing(c, i + 1, b);
                    if (close >= 0) {
                        i = close + 1;
                        continue;
                    }
                }
                i++;
            }
            return i;
        }

        /** One word of a text (or an argument without spaces). */
        void token(int a, int b) {
            int semicolons = b;
            while (semicolons - a > 1 && t[semicolons - 1] == ';') {
                semicolons--;
            }
            if (semicolons < b) {
                // a script's separator, not part of what the word holds (mysql -pX; ls)
                token(a, semicolons);
                copy(semicolons, b);
                program = null;
                login = false;
                return;
            }
            if (pending != Kind.NONE) {
                if (pendingApplies(a, b)) {
                    pending = value(a, b, pending);
                    afterOption = false;
                    identified = false;
                    return;
                }
                pending = Kind.NONE;
            }
            tokenStart = a;
            boolean option = t[a] == '-' && b - a > 1 && !(b - a == 2 && t[a + 1] == '-');
            boolean separator = isShellOperator(a, b);
            Program named = afterOption ? null : programNamed(a, b);
            boolean wasIdentified = identified;
            identified = b - a == 10 && s.regionMatches(true, a, "IDENTIFIED", 0, 10);
            if (named != null) {
                program = named;
                login = false;
                copy(a, b);
            } else if (wasIdentified && b - a == 2 && s.regionMatches(true, a, "BY", 0, 2)) {
                copy(a, b);
                pending = Kind.QUOTED;
            } else {
                if (program != null && program.afterLogin && b - a == 5 && s.startsWith("login", a)) {
                    login = true;
                }
                int rest = peel(a, b, false);
                if (rest >= 0) {
                    word(rest, b);
                }
                option &= indexOf('=', a, b) < 0;
            }
            afterOption = option;
            if (separator) {
                program = null;
                login = false;
            }
        }

        /** A word once its leading {@code key=} parts are written. */
        private void word(int a, int b) {
            if (a >= b) {
                return;
            }
            char q = t[a];
            if ((q == '\'' || q == '"') && b - a >= 2 && closing(q, a + 1, b) == b - 1) {
                out.append(q);
                argument(a + 1, b - 1);
                out.append(q);
                return;
            }
            if (program != null && programOption(a, b)) {
                return;
            }
            if (t[a] == '-' && b - a > 1 && allKeyChars(a, b)) {
                Kind k = kind(a, b, false);
                copy(a, b);
                pending = k;
                return;
            }
            if (b - a > 5 && s.startsWith("pass:", a)) {
                out.append("pass:").append(MASK);
                return;
            }
            if (header(a, b, false)) {
                return;
            }
            if (isSqlPasswordWord(a, b)) {
                copy(a, b);
                pending = Kind.QUOTED;
                return;
            }
            pairs(a, b);
        }

        /**
         * Writes the leading {@code key=} parts of a word; a secret key's value is masked, an option's
         * to the end of the unit.
         *
         * @return where the rest starts, or -1 when all of it is written
         */
        private int peel(int a, int b, boolean unit) {
            while (a < b) {
                int i = a;
                while (i < b && isKeyChar(t[i])) {
                    i++;
                }
                if (i == a || i >= b || t[i] != '=') {
                    return a;
                }
                Kind k = kind(a, i, false);
                copy(a, i + 1);
                if (k != Kind.NONE) {
                    int v = i + 1;
                    if (t[a] == '-') {
                        value(v, b, k);
                        return -1;
                    }
                    int e = valueEnd(v, b, false);
                    value(v, e, k);
                    if (e < b) {
                        if (unit) {
                            text(e, b);
                        } else {
                            pairs(e, b);
                        }
                    }
                    return -1;
                }
                a = i + 1;
            }
            return a;
        }

        /**
         * {@code Name: value} or {@code Name:value} where Name is a credential header (or, before a
         * space, any secret key or JSON key): writes it, the value masked (in this unit or the next).
         */
        private boolean header(int a, int b, boolean unit) {
            int i = a;
            boolean json = t[i] == '"';
            if (json) {
                i++;
            }
            if (i >= b || !Character.isLetter(t[i])) {
                return false;
            }
            int nameStart = i;
            while (i < b && i - nameStart <= MAX_KEY && isHeaderChar(t[i])) {
                i++;
            }
            int nameEnd = i;
            if (json) {
                if (i >= b || t[i] != '"') {
                    return false;
                }
                i++;
            }
            if (i >= b || t[i] != ':') {
                return false;
            }
            int colon = i;
            boolean spaced = colon + 1 == b || (unit && isSpace(t[colon + 1]));
            Kind k = headerKind(nameStart, nameEnd, spaced || json);
            if (k == Kind.NONE) {
                return false;
            }
            copy(a, colon + 1);
            if (colon + 1 == b) {
                pending = k;
                return true;
            }
            int v = colon + 1;
            while (v < b && isSpace(t[v])) {
                v++;
            }
            copy(colon + 1, v);
            pending = value(v, b, k);
            return true;
        }

        private Kind headerKind(int from, int to, boolean spaced) {
            int n = to - from;
            if ((n == 13 && s.regionMatches(true, from, "authorization", 0, n))
                    || (n == 19 && s.regionMatches(true, from, "proxy-authorization", 0, n))) {
                return Kind.SCHEME_THEN_VALUE;
            }
            if ((n == 6 && s.regionMatches(true, from, "cookie", 0, n))
                    || (n == 10 && s.regionMatches(true, from, "set-cookie", 0, n))) {
                return Kind.VALUE;
            }
            Kind k = kind(from, to, false);
            if (k == Kind.NONE) {
                return k;
            }
            if (spaced || indexOf('-', from, to) >= 0) {
                return Kind.VALUE;
            }
            String name = s.substring(from, to).toLowerCase(Locale.ROOT);
            return name.contains("password") || name.contains("passwd") ? Kind.VALUE : Kind.NONE;
        }

        /**
         * The pairs inside a word: {@code key=value} in lists and URL queries, {@code "key":value}
         * in JSON, and the password of {@code scheme://user:password@host}.
         */
        private void pairs(int a, int b) {
            int copied = a;
            int i = a;
            while (i < b) {
                char c = t[i];
                if (c == '=' && i > a) {
                    int keyStart = i;
                    while (keyStart > a && i - keyStart < MAX_KEY && isKeyChar(t[keyStart - 1])) {
                        keyStart--;
                    }
                    if (keyStart < i) {
                        char before = keyStart > a ? t[keyStart - 1] : 0;
                        boolean query = before == '?' || before == '&' || before == '#';
                        Kind k = kind(keyStart, i, query);
                        int v = i + 1;
                        int e = k == Kind.NONE ? v : valueEnd(v, b, query);
                        if (e > v) {
                            copy(copied, v);
                            value(v, e, k);
                            copied = e;
                            i = e;
                            continue;
                        }
                    }
                } else if (c == ':' && i + 2 < b && t[i + 1] == '/' && t[i + 2] == '/') {
                    int authority = i + 3;
                    int end = authority;
                    int colon = -1;
                    int at = -1;
                    while (end < b) {
                        char d = t[end];
                        if (d == '/' || d == '?' || d == '#' || d == ';' || isSpace(d)) {
                            break;
                        }
                        if (d == '@') {
                            at = end;
                        } else if (d == ':' && colon < 0) {
                            colon = end;
                        }
                        end++;
                    }
                    // the authority is read again for pairs (db:1433;password=x is SQL Server's)
                    if (colon >= 0 && at > colon + 1) {
                        copy(copied, colon + 1).append(MASK);
                        copied = at;
                        i = at;
                    } else {
                        i = authority;
                    }
                    continue;
                } else if (c == '"' && i + 1 < b && t[i + 1] == ':') {
                    int keyStart = i;
                    while (keyStart > a && i - keyStart < MAX_KEY && isKeyChar(t[keyStart - 1])) {
                        keyStart--;
                    }
                    if (keyStart < i
                            && keyStart > a
                            && t[keyStart - 1] == '"'
                            && kind(keyStart, i, false) != Kind.NONE) {
                        int v = i + 2;
                        int e = jsonValueEnd(v, b);
                        if (e > v) {
                            copy(copied, v);
                            value(v, e, Kind.VALUE);
                            copied = e;
                            i = e;
                            continue;
                        }
                    }
                }
                i++;
            }
            copy(copied, b);
        }

        /**
         * Where a pair's value ends: in a URL query at {@code &}, {@code #} or {@code ;}; elsewhere
         * where a list goes on with another {@code key=} after {@code ,} or {@code &}, or at {@code ;};
         * always at white space or a quote (a quoted value at its closing quote).
         */
        private int valueEnd(int v, int b, boolean query) {
            if (v < b && (t[v] == '"' || t[v] == '\'')) {
                int close = closing(t[v], v + 1, b);
                if (close >= 0) {
                    return close + 1;
                }
            }
            for (int i = v; i < b; i++) {
                char c = t[i];
                if (isSpace(c) || c == ';' || c == '"' || c == '\'') {
                    return i;
                }
                if (query ? c == '&' || c == '#' : (c == ',' || c == '&') && keyFollows(i + 1, b)) {
                    return i;
                }
            }
            return b;
        }

        private boolean keyFollows(int i, int b) {
            int j = i;
            while (j < b && j - i <= MAX_KEY && isKeyChar(t[j])) {
                j++;
            }
            return j > i && j < b && t[j] == '=';
        }

        private int jsonValueEnd(int v, int b) {
            if (v < b && t[v] == '"') {
                int close = closing('"', v + 1, b);
                return close >= 0 ? close + 1 : b;
            }
            int i = v;
            while (i < b && ",}]".indexOf(t[i]) < 0) {
                i++;
            }
            return i;
        }

        /**
         * Writes a value masked as its key asks; a quoted value keeps its quotes.
         *
         * @return what the next argument is the value of: a credential after an Authorization scheme
         */
        private Kind value(int a, int b, Kind kind) {
            if (a >= b) {
                return Kind.NONE;
            }
            char q = t[a];
            int close = q == '\'' || q == '"' ? closing(q, a + 1, b) : -1;
            if (close < 0) {
                return inner(a, b, kind);
            }
            // what follows the closing quote: JSON's }, a list's , ... else it belongs to the value
            for (int i = close + 1; i < b; i++) {
                if ("}]),;".indexOf(t[i]) < 0) {
                    out.append(MASK);
                    return Kind.NONE;
                }
            }
            out.append(q);
            Kind next = inner(a + 1, close, kind);
            copy(close, b);
            return next;
        }

        private Kind inner(int a, int b, Kind kind) {
            if (a >= b) {
                return Kind.NONE;
            }
            switch (kind) {
                case AFTER_COLON -> maskAfter(a, b, ':');
                case AFTER_PERCENT -> maskAfter(a, b, '%');
                case VALUE_NOT_PATH -> {
                    if (isPath(a, b)) {
                        copy(a, b);
                    } else {
                        out.append(MASK);
                    }
                }
                case SCHEME_THEN_VALUE -> {
                    int w = a;
                    while (w < b && !isSpace(t[w])) {
                        w++;
                    }
                    if (!AUTHORIZATION_SCHEMES.contains(s.substring(a, w).toLowerCase(Locale.ROOT))) {
                        out.append(MASK);
                        return Kind.NONE;
                    }
                    int v = w;
                    while (v < b && isSpace(t[v])) {
                        v++;
                    }
                    copy(a, v);
                    if (v == b) {
                        return Kind.VALUE;
                    }
                    out.append(MASK);
                }
                default -> {
                    if (b - a > 5 && s.startsWith("pass:", a)) {
                        out.append("pass:").append(MASK);
                    } else if (program != null && program.openssl && isOpensslReference(a, b)) {
                        copy(a, b);
                    } else {
                        out.append(MASK);
                    }
                }
            }
            return Kind.NONE;
        }

        private void maskAfter(int a, int b, char separator) {
            int i = indexOf(separator, a, b);
            if (i < 0 || i == b - 1) {
                copy(a, b);
                return;
            }
            copy(a, i + 1).append(MASK);
        }

        /**
         * Whether the pending value is this token: an option or a shell operator ends a flag's value,
         * only quotes are SQL's.
         */
        private boolean pendingApplies(int a, int b) {
            char c = t[a];
            if (pending == Kind.QUOTED) {
                return (c == '\'' || c == '"') && closing(c, a + 1, b) >= 0;
            }
            return !(c == '-' && b - a > 1) && !isShellOperator(a, b);
        }

        /** A program's own password options, or its {@code user/password@db} argument. */
        private boolean programOption(int a, int b) {
            Program p = program;
            if (t[a] == '-') {
                if (b - a <= 16) {
                    Kind k = p.options.get(s.substring(a, b));
                    if (k != null && (!p.afterLogin || login)) {
                        copy(a, b);
                        pending = k;
                        return true;
                    }
                }
                if (p.attached != null && b - a > p.attached.length() && s.startsWith(p.attached, a)) {
                    int v = a + p.attached.length();
                    copy(a, v);
                    value(v, b, p.attachedKind);
                    return true;
                }
                return false;
            }
            if (p.rdp && b - a > 3 && s.startsWith("/p:", a)) {
                out.append("/p:").append(MASK);
                return true;
            }
            if (p.oracle && a == tokenStart && t[a] != '/' && t[a] != '@') {
                int slash = indexOf('/', a, b);
                if (slash > a && slash < b - 1 && indexOf('@', a, slash) < 0) {
                    int at = indexOf('@', slash, b);
                    int end = at < 0 ? b : at;
                    if (end > slash + 1) {
                        copy(a, slash + 1).append(MASK);
                        copy(end, b);
                        return true;
                    }
                }
            }
            return false;
        }

        /** The known program this token names (its file name), or null. */
        private Program programNamed(int a, int b) {
            if (b - a > 64 || t[a] == '-') {
                return null;
            }
            int start = b;
            while (start > a && t[start - 1] != '/') {
                start--;
            }
            return start < b && b - start <= LONGEST_PROGRAM ? PROGRAMS.get(s.substring(start, b)) : null;
        }

        private boolean isSqlPasswordWord(int a, int b) {
            int n = b - a;
            return (n == 8 && s.regionMatches(true, a, "password", 0, n))
                    || (n == 6 && s.regionMatches(true, a, "passwd", 0, n));
        }

        /** {@code |}, {@code &&}, {@code >}, {@code 2>&1}, ...: shell operator characters, a digit at either end. */
        private boolean isShellOperator(int a, int b) {
            if (b - a > 4) {
                return false;
            }
            int from = a < b - 1 && Character.isDigit(t[a]) ? a + 1 : a;
            int to = b - 1 > from && Character.isDigit(t[b - 1]) ? b - 1 : b;
            for (int i = from; i < to; i++) {
                if ("|&<>;".indexOf(t[i]) < 0) {
                    return false;
                }
            }
            return to > from;
        }

        private boolean isOpensslReference(int a, int b) {
            return s.startsWith("env:", a)
                    || s.startsWith("file:", a)
                    || s.startsWith("fd:", a)
                    || (b - a == 5 && s.startsWith("stdin", a));
        }

        private boolean isPath(int a, int b) {
            char c = t[a];
            return c == '/'
                    || (c == '~' && (b - a == 1 || t[a + 1] == '/'))
                    || s.startsWith("./", a)
                    || s.startsWith("../", a);
        }

        private int indexOf(char c, int a, int b) {
            for (int i = a; i < b; i++) {
                if (t[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        private boolean allKeyChars(int a, int b) {
            for (int i = a; i < b; i++) {
                if (!isKeyChar(t[i])) {
                    return false;
                }
            }
            return true;
        }

        private boolean hasSpace(int a, int b) {
            for (int i = a; i < b; i++) {
                if (isSpace(t[i])) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The next {@code q} in {@code [from, b)}, or -1. Remembers its last answer per quote, so that
         * a line of unclosed quotes is searched once, not once per quote.
         */
        private int closing(char q, int from, int b) {
            boolean single = q == '\'';
            int memoFrom = single ? singleFrom : doubleFrom;
            int memoAt = single ? singleAt : doubleAt;
            int at;
            if (memoFrom >= 0 && from >= memoFrom && from <= memoAt) {
                at = memoAt;
            } else {
                at = s.indexOf(q, from);
                if (at < 0) {
                    at = s.length();
                }
                if (single) {
                    singleFrom = from;
                    singleAt = at;
                } else {
                    doubleFrom = from;
                    doubleAt = at;
                }
            }
            return at < b ? at : -1;
        }
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-'
                || c == '.';
    }

    private static boolean isHeaderChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** The arguments joined by single spaces, as the old split-and-join did. */
    private static String joined(String line, char separator) {
        int n = line.length();
        if (separator == ' '
                && (n == 0 || (line.charAt(0) != ' ' && line.charAt(n - 1) != ' ' && !line.contains("  ")))) {
            return line;
        }
        StringBuilder b = new StringBuilder(n);
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || line.charAt(i) == separator) {
                if (i > start) {
                    if (b.length() > 0) {
                        b.append(' ');
                    }
                    b.append(line, start, i);
                }
                start = i + 1;
            }
        }
        return b.toString();
    }

    /**
     * The options of one program that carry a password.
     *
     * @param options an option whose value (the next argument) is a secret, and how much of it
     * @param attached an option whose value is glued to it ({@code -pSECRET}), or null
     * @param attachedKind how much of that value
     * @param afterLogin whether the options count only after a {@code login} argument
     * @param oracle whether a {@code user/password@db} argument carries the password
     * @param rdp whether a {@code /p:password} argument does (FreeRDP)
     * @param openssl whether {@code env:}, {@code file:}, {@code fd:} and {@code stdin} name where a
     *     pass phrase is
     */
    private record Program(
            Map<String, Kind> options,
            String attached,
            Kind attachedKind,
            boolean afterLogin,
            boolean oracle,
            boolean rdp,
            boolean openssl) {

        static Program options(Map<String, Kind> options) {
            return new Program(options, null, null, false, false, false, false);
        }

        static Program attached(Map<String, Kind> options, String attached, Kind kind) {
            return new Program(options, attached, kind, false, false, false, false);
        }
    }

    private static Map<String, Program> programs() {
        Map<String, Program> m = new HashMap<>();
        // mysql's -p with a space prompts, and the next argument is the database: only -pSECRET
        Program mysql = Program.attached(Map.of(), "-p", Kind.VALUE);
        for (String p : List.of(
                "mysql",
                "mysqldump",
                "mysqladmin",
                "mysqlimport",
                "mysqlcheck",
                "mysqlshow",
                "mysqlslap",
                "mysqlpump",
                "mysqlbinlog",
                "mysqlsh",
                "mariadb",
                "mariadb-dump",
                "mariadb-admin",
                "mariadb-import",
                "mariadb-check",
                "mariadb-show",
                "mariadb-slap",
                "mariadb-binlog")) {
            m.put(p, mysql);
        }
        Program sevenZip = Program.attached(Map.of(), "-p", Kind.VALUE);
        for (String p : List.of("7z", "7za", "7zr")) {
            m.put(p, sevenZip);
        }
        m.put("sshpass", Program.attached(Map.of("-p", Kind.VALUE), "-p", Kind.VALUE));
        put(m, Map.of("-a", Kind.VALUE), "redis-cli", "valkey-cli", "keydb-cli");
        put(
                m,
                Map.of("-p", Kind.VALUE),
                "mongo",
                "mongosh",
                "mongodump",
                "mongorestore",
                "mongoexport",
                "mongoimport",
                "mongostat",
                "mongotop",
                "mongofiles",
                "cqlsh",
                "useradd",
                "usermod",
                "rdesktop",
                "twine");
        put(m, Map.of("-P", Kind.VALUE), "sqlcmd", "bcp", "osql", "zip", "unzip", "mosquitto_pub", "mosquitto_sub");
        put(
                m,
                Map.of("-w", Kind.VALUE),
                "ldapsearch",
                "ldapadd",
                "ldapmodify",
                "ldapdelete",
                "ldapmodrdn",
                "ldapcompare",
                "ldapwhoami",
                "ldappasswd",
                "ldapexop");
        put(
                m,
                Map.of("-A", Kind.VALUE, "-X", Kind.VALUE, "-c", Kind.VALUE),
                "snmpwalk",
                "snmpget",
                "snmpgetnext",
                "snmpset",
                "snmpbulkwalk",
                "snmpbulkget",
                "snmptable",
                "snmptrap");
        put(m, Map.of("-a", Kind.AFTER_COLON, "--auth", Kind.AFTER_COLON), "http", "https", "httpie");
        m.put(
                "curl",
                Program.attached(
                        Map.of(
                                "-u", Kind.AFTER_COLON,
                                "--user", Kind.AFTER_COLON,
                                "-U", Kind.AFTER_COLON,
                                "--proxy-user", Kind.AFTER_COLON),
                        "-u",
                        Kind.AFTER_COLON));
        Program smb = Program.attached(
                Map.of("-U", Kind.AFTER_PERCENT, "--user", Kind.AFTER_PERCENT), "-U", Kind.AFTER_PERCENT);
        for (String p : List.of("smbclient", "rpcclient", "smbcacls", "smbget")) {
            m.put(p, smb);
        }
        Program login = new Program(Map.of("-p", Kind.VALUE), null, null, true, false, false, false);
        for (String p : List.of("docker", "podman", "nerdctl", "buildah", "skopeo", "helm", "oras", "oc", "az")) {
            m.put(p, login);
        }
        Program oracle = new Program(Map.of(), null, null, false, true, false, false);
        for (String p : List.of("sqlplus", "rman", "expdp", "impdp", "sqlldr", "dgmgrl")) {
            m.put(p, oracle);
        }
        Program rdp = new Program(Map.of(), null, null, false, false, true, false);
        for (String p : List.of("xfreerdp", "xfreerdp3", "wlfreerdp", "sdl-freerdp")) {
            m.put(p, rdp);
        }
        m.put(
                "openssl",
                new Program(Map.of("-k", Kind.VALUE, "-K", Kind.VALUE), null, null, false, false, false, true));
        return Map.copyOf(m);
    }

    private static void put(Map<String, Program> m, Map<String, Kind> options, String... names) {
        Program p = Program.options(options);
        for (String n : names) {
            m.put(n, p);
        }
    }
}
