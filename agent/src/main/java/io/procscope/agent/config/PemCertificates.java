package io.procscope.agent.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the certificates of a PEM file, as {@code ca.crt} of a Kubernetes TLS Secret or a CA bundle
 * holds them: every {@code -----BEGIN CERTIFICATE-----} block, in order, with any text between them
 * (comments, {@code openssl x509 -text} output) skipped. A private key in the file is not read.
 */
public final class PemCertificates {

    /** Largest file read: a bundle of every public CA is about 200 KiB. */
    public static final long MAX_BYTES = 1024 * 1024;

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    private PemCertificates() {}

    /**
     * @param file the PEM file
     * @return its certificates, at least one
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException saying what is wrong: too large, no certificate, a block that
     *     is not an X.509 certificate
     */
    public static List<X509Certificate> read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException("the file is larger than 1 MiB: not a CA bundle");
        }
        return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    /**
     * @param pem the file's text
     * @return its certificates, at least one
     * @throws IllegalArgumentException as for {@link #read}
     */
    static List<X509Certificate> parse(String pem) {
        CertificateFactory x509;
        try {
            x509 = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM cannot read X.509 certificates", e);
        }
        List<X509Certificate> certs = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            int n = certs.size() + 1;
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("certificate " + n + " is not valid base64: " + e.getMessage());
            }
            try {
                certs.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException | ClassCastException e) {
                throw new IllegalArgumentException(
                        "certificate " + n + " is not an X.509 certificate: " + e.getMessage());
            }
        }
        if (certs.isEmpty()) {
            String what = pem.contains("-----BEGIN CERTIFICATE-----")
                    ? "a BEGIN CERTIFICATE line without its END CERTIFICATE line, or with other text inside"
                    : pem.contains("PRIVATE KEY-----")
                            ? "a private key, no certificate: give the CA's certificate (ca.crt), never a key"
                            : "no '-----BEGIN CERTIFICATE-----' block: expected the CA certificate(s) in PEM";
            throw new IllegalArgumentException(what);
        }
        return List.copyOf(certs);
    }
}
