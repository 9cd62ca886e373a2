package io.procscope.agent.ship;

import io.procscope.agent.config.PemCertificates;
import io.procscope.agent.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CAs of {@code ca-file}, as the only trust anchors of the agent's TLS connections to the API:
 * the JDK's own CAs are not added, so no public CA can stand in for the private one. The file is
 * looked at before each call (one {@code stat}); when it changed (cert-manager or trust-manager
 * rotating the CA in a mounted Secret or ConfigMap), it is read again, and a file that cannot be used
 * then is said once and the CAs read before are kept. Meant for the agent's loop thread.
 */
final class TrustedCas {

    private static final Logger LOG = Logger.getLogger(TrustedCas.class.getName());

    private final Path file;
    private SSLSocketFactory factory;
    private int count;
    private String fingerprint;
    private String refusedFingerprint;

    /**
     * @param file the PEM file
     * @param certs its certificates, as read at start
     */
    TrustedCas(Path file, List<X509Certificate> certs) {
        this.file = file;
        this.factory = factoryOf(certs);
        this.count = certs.size();
        this.fingerprint = fingerprint(file);
    }

    /**
     * @return the socket factory trusting the file's CAs, read again first if the file changed
     */
    synchronized SSLSocketFactory factory() {
        String now = fingerprint(file);
        if (now != null && !now.equals(fingerprint) && !now.equals(refusedFingerprint)) {
            try {
                List<X509Certificate> certs = PemCertificates.read(file);
                factory = factoryOf(certs);
                count = certs.size();
                fingerprint = now;
                refusedFingerprint = null;
                LOG.info(
                        Setting.CA_FILE.key() + " " + file + " changed: trusting its " + describeCount(count) + " now");
            } catch (IOException | IllegalArgumentException e) {
                refusedFingerprint = now;
                LOG.warning(Setting.CA_FILE.key() + " " + file + " changed but cannot be used (" + e.getMessage()
                        + "); still trusting the " + describeCount(count) + " read before");
            }
        }
        return factory;
    }

    /**
     * @return {@code the 2 certificates of ca-file /etc/procscope/ca.crt}
     */
    synchronized String describe() {
        return "the " + describeCount(count) + " of " + Setting.CA_FILE.key() + " " + file;
    }

    private static String describeCount(int n) {
        return n == 1 ? "1 certificate" : n + " certificates";
    }

    /** Modification time and size: what changes when a mounted Secret is updated. */
    private static String fingerprint(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
        } catch (IOException e) {
            return null; // gone for a moment (a Secret being swapped): keep what was read
        }
    }

    /**
     * @param certs the trust anchors
     * @return a TLS socket factory that trusts only these
     */
    static SSLSocketFactory factoryOf(List<X509Certificate> certs) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                anchors.setCertificateEntry("ca-" + i, certs.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("this JVM cannot set up TLS with the given CAs: " + e, e);
        }
    }
}
