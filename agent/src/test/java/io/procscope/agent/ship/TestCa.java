package io.procscope.agent.ship;

import io.procscope.agent.config.PemCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate authority made at test time, as an operator's private CA would be: a self-signed CA
 * certificate (PEM, what {@code ca-file} takes) that signs server certificates with the subject
 * alternative names asked for. Made with the {@code openssl} command when there is one (a few
 * milliseconds a certificate), else with the JDK's {@code keytool} (a JVM start per step). Nothing is
 * checked in: every run has fresh keys.
 */
public final class TestCa {

    private static final String PASSWORD = "test-store-pw";
    private static final boolean OPENSSL = opensslWorks();

    private final Path dir;
    private final String name;
    private final Path pem;

    private TestCa(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.pem = dir.resolve(name + "-ca.pem");
    }

    /**
     * Makes a CA.
     *
     * @param dir where its files go
     * @param name a short name, part of its subject and file names
     * @return the CA, its certificate in {@link #pem()}
     */
    public static TestCa create(Path dir, String name) {
        TestCa ca = new TestCa(dir, name);
        String subject = "procscope test CA " + name;
        if (OPENSSL) {
            run(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-keyout",
                    ca.key().toString(),
                    "-out",
                    ca.pem.toString(),
                    "-days",
                    "2",
                    "-subj",
                    "/CN=" + subject,
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign");
        } else {
            keytool(
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=" + subject,
                    "-ext",
                    "bc:c",
                    "-validity",
                    "2",
                    "-keystore",
                    ca.store().toString());
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca.store().toString(),
                    "-file",
                    ca.pem.toString());
        }
        return ca;
    }

    /**
     * @return the CA's certificate, PEM
     */
    public Path pem() {
        return pem;
    }

    private Path key() {
        return dir.resolve(name + "-ca.key");
    }

    private Path store() {
        return dir.resolve(name + "-ca.p12");
    }

    /**
     * Issues a server certificate and returns the server's side of TLS with it.
     *
     * @param server a short name for its files
     * @param san the subject alternative names: {@code ip:127.0.0.1,dns:localhost}
     * @return a TLS context presenting the certificate with this CA's above it
     */
    public SSLContext issueServer(String server, String san) {
        String base = name + "-" + server;
        Path csr = dir.resolve(base + ".csr");
        Path cert = dir.resolve(base + ".pem");
        PrivateKey key;
        if (OPENSSL) {
            Path keyFile = dir.resolve(base + ".key");
            Path ext = dir.resolve(base + ".ext");
            write(
                    ext,
                    "subjectAltName=" + opensslSan(san) + "\nkeyUsage=critical,digitalSignature\n"
                            + "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
            run(
                    "openssl",
                    "req",
                    "-new",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-keyout",
                    keyFile.toString(),
                    "-out",
                    csr.toString(),
                    "-subj",
                    "/CN=" + server);
            run(
                    "openssl",
                    "x509",
                    "-req",
                    "-in",
                    csr.toString(),
                    "-CA",
                    pem.toString(),
                    "-CAkey",
                    key().toString(),
                    "-CAcreateserial",
                    "-out",
                    cert.toString(),
                    "-days",
                    "2",
                    "-extfile",
                    ext.toString());
            key = pkcs8(keyFile);
        } else {
            Path keys = dir.resolve(base + ".p12");
            keytool(
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=" + server,
                    "-validity",
                    "2",
                    "-keystore",
                    keys.toString());
            keytool("-certreq", "-alias", "server", "-keystore", keys.toString(), "-file", csr.toString());
            keytool(
                    "-gencert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    store().toString(),
                    "-infile",
                    csr.toString(),
                    "-outfile",
                    cert.toString(),
                    "-validity",
                    "2",
                    "-ext",
                    "san=" + san,
                    "-ext",
                    "ku:c=digitalSignature",
                    "-ext",
                    "eku=serverAuth");
            key = storedKey(keys);
        }
        List<X509Certificate> chain = new ArrayList<>(certificates(cert));
        chain.addAll(certificates(pem));
        return serverContext(key, chain);
    }

    /** {@code IP:127.0.0.1,DNS:localhost} for {@code ip:127.0.0.1,dns:localhost}. */
    private static String opensslSan(String san) {
        List<String> parts = new ArrayList<>();
        for (String p : san.split(",")) {
            int colon = p.indexOf(':');
            parts.add(p.substring(0, colon).toUpperCase(Locale.ROOT) + p.substring(colon));
        }
        return String.join(",", parts);
    }

    private static List<X509Certificate> certificates(Path file) {
        try {
            return PemCertificates.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey pkcs8(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key " + file, e);
        }
    }

    private static PrivateKey storedKey(Path keys) {
        try (InputStream in = Files.newInputStream(keys)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            return (PrivateKey) ks.getKey("server", PASSWORD.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + keys, e);
        }
    }

    private static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the server's TLS", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean opensslWorks() {
        try {
            Process p = new ProcessBuilder("openssl", "version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        run(cmd.toArray(new String[0]));
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", cmd) + "\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
