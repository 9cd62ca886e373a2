package io.procscope.agent.collect;

import java.nio.charset.StandardCharsets;

/**
 * The fields of one {@code /proc/PID/stat} line the wire needs, parsed from bytes without regex,
 * splitting or boxing. One instance is reused for every process of a collection: {@link #parse}
 * overwrites every field. Field numbers are proc(5)'s, counted from 1.
 */
final class ProcStat {

    /** Field 1: process id. */
    int pid;
    /** Field 2: the command name without its parentheses, at most 15 bytes. */
    String comm;
    /** Field 3: state letter ({@code R S D I T t Z X ...}). */
    char state;
    /** Field 4: parent's process id; 0 for init and kthreadd. */
    int ppid;
    /** Field 14: user-mode CPU time, clock ticks. */
    long utimeTicks;
    /** Field 15: kernel-mode CPU time, clock ticks. */
    long stimeTicks;
    /** Field 19: nice, -20 to 19 (also for real-time tasks, whose priority field is not 20 + nice). */
    int nice;
    /** Field 20: number of threads. */
    int threads;
    /** Field 22: start time after boot, clock ticks. */
    long startTicks;
    /** Field 23: virtual memory size, bytes. */
    long vsizeBytes;
    /** Field 24: resident set size, pages. */
    long rssPages;

    /**
     * Parses one stat line. The command name (field 2) is in parentheses and may itself hold spaces
     * and parentheses, so the fields after it are counted from its last {@code ')'}.
     *
     * @param b the file's bytes
     * @param len how many of them were read
     * @return true when every needed field was found; false for a truncated or foreign line
     */
    boolean parse(byte[] b, int len) {
        int open = indexOf(b, 0, len, (byte) '(');
        int close = lastIndexOf(b, len, (byte) ')');
        if (open <= 0 || close < open || close + 2 >= len) {
            return false;
        }
        pid = (int) parseLong(b, 0, open - 1);
        comm = new String(b, open + 1, close - open - 1, StandardCharsets.UTF_8);
        int field = 3;
        int i = close + 2;
        while (i < len && field <= 24) {
            int end = i;
            while (end < len && b[end] != ' ' && b[end] != '\n') {
                end++;
            }
            switch (field) {
                case 3 -> state = (char) (b[i] & 0xff);
                case 4 -> ppid = (int) parseLong(b, i, end);
                case 14 -> utimeTicks = parseLong(b, i, end);
                case 15 -> stimeTicks = parseLong(b, i, end);
                case 19 -> nice = (int) parseLong(b, i, end);
                case 20 -> threads = (int) parseLong(b, i, end);
                case 22 -> startTicks = parseLong(b, i, end);
                case 23 -> vsizeBytes = parseLong(b, i, end);
                case 24 -> rssPages = parseLong(b, i, end);
                default -> {
                    // a field the wire does not carry
                }
            }
            field++;
            i = end + 1;
        }
        return field > 24;
    }

    /**
     * Parses a signed decimal number; stops at the first byte that is not a digit.
     *
     * @return the number; 0 for an empty field
     */
    static long parseLong(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        long n = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            n = n * 10 + d;
        }
        return negative ? -n : n;
    }

    static int indexOf(byte[] b, int from, int len, byte c) {
        for (int i = from; i < len; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int len, byte c) {
        for (int i = len - 1; i >= 0; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
