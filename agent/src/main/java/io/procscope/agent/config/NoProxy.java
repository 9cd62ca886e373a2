package io.procscope.agent.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts the agent reaches without its proxy, as {@code NO_PROXY} names them (curl's and Go's
 * reading, which most tools share):
 *
 * <ul>
 *   <li>{@code *}: every host;
 *   <li>{@code example.com} or {@code .example.com} (or {@code *.example.com}): that host and every
 *       host under it, case ignored;
 *   <li>{@code host:port}, {@code [::1]:port}: that host on that port only;
 *   <li>an IP address ({@code 10.1.2.3}, {@code ::1}): that address, when the API URL names it;
 *   <li>a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}): any address in it, when the API URL
 *       names an address (host names are not resolved to match, as in Go).
 * </ul>
 *
 * Loopback is not bypassed unless listed (as in curl). Immutable.
 */
public final class NoProxy {

    /** Nothing is bypassed. */
    public static final NoProxy NONE = new NoProxy(List.of(), List.of());

    private final List<String> entries;
    private final List<Rule> rules;

    private NoProxy(List<String> entries, List<Rule> rules) {
        this.entries = List.copyOf(entries);
        this.rules = List.copyOf(rules);
    }

    /** One entry, parsed. */
    private record Rule(String domain, int port, byte[] network, int prefix) {}

    /**
     * @param entries the entries, as the setting or {@code NO_PROXY} lists them; blank ones ignored
     * @return the rules
     * @throws IllegalArgumentException naming the first entry that is a bad CIDR block or port
     */
    public static NoProxy of(List<String> entries) {
        List<String> kept = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            kept.add(raw.strip());
            rules.add(rule(e));
        }
        return new NoProxy(kept, rules);
    }

    /**
     * @param text comma- (or space-) separated entries, as {@code NO_PROXY} holds them
     * @return the rules
     * @throws IllegalArgumentException naming the first entry that is a bad CIDR block or port
     */
    public static NoProxy parse(String text) {
        return of(List.of(text.split("[,\\s]+")));
    }

    private static Rule rule(String e) {
        if (e.equals("*")) {
            return new Rule("*", -1, null, 0);
        }
        int slash = e.indexOf('/');
        if (slash >= 0) {
            byte[] net = ipLiteral(e.substring(0, slash));
            int prefix;
            try {
                prefix = Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException x) {
                prefix = -1;
            }
            if (net == null || prefix < 0 || prefix > net.length * 8) {
                throw new IllegalArgumentException("'" + e + "' is not a CIDR block such as 10.0.0.0/8");
            }
            return new Rule(null, -1, net, prefix);
        }
        String host = e;
        int port = -1;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + e + "' has no closing ]");
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (!rest.isEmpty()) {
                port = port(e, rest);
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            // one colon: host:port; more than one: a bare IPv6 address
            port = port(e, host.substring(host.indexOf(':')));
            host = host.substring(0, host.indexOf(':'));
        }
        byte[] ip = ipLiteral(host);
        if (ip != null) {
            return new Rule(null, port, ip, ip.length * 8);
        }
        while (host.startsWith("*") || host.startsWith(".")) {
            host = host.substring(1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return new Rule(host, port, null, 0);
    }

    private static int port(String entry, String colonPort) {
        try {
            int p = Integer.parseInt(colonPort.substring(1));
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException x) {
            // reported below
        }
        throw new IllegalArgumentException("'" + entry + "' has no port from 1 to 65535 after its ':'");
    }

    /**
     * The address an IP literal names, without any lookup.
     *
     * @param text {@code 10.1.2.3}, {@code ::1} (brackets allowed)
     * @return its bytes, or null when it is not an IP literal
     */
    static byte[] ipLiteral(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9a-fA-F:.]+");
        if (v4) {
            for (String octet : t.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // InetAddress would look it up as a name
                }
            }
        } else if (!v6) {
            return null; // a name: never resolved here
        }
        try {
            return InetAddress.getByName(t).getAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * @param host the API's host, as its URL names it (an IPv6 literal with or without brackets)
     * @param port its port
     * @return true when the API is reached directly
     */
    public boolean matches(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        byte[] ip = ipLiteral(h);
        for (Rule r : rules) {
            if (r.port() != -1 && r.port() != port) {
                continue;
            }
            if ("*".equals(r.domain())) {
                return true;
            }
            if (r.domain() != null) {
                if (ip == null && (h.equals(r.domain()) || h.endsWith("." + r.domain()))) {
                    return true;
                }
            } else if (ip != null && inNetwork(ip, r.network(), r.prefix())) {
                return true;
            }
        }
        return false;
    }

    private static boolean inNetwork(byte[] ip, byte[] net, int prefix) {
        if (ip.length != net.length) {
            return false;
        }
        int bits = ip.length * 8;
        BigInteger mask = prefix == 0
                ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
        return new BigInteger(1, ip).and(mask).equals(new BigInteger(1, net).and(mask));
    }

    /**
     * @return the entries as given, blank ones left out
     */
    public List<String> entries() {
        return entries;
    }

    /**
     * @return true when nothing is bypassed
     */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }
}
