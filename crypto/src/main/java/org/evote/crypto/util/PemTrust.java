package org.evote.crypto.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The trust of the nodes' HTTPS clients: exactly the certificates of the PEM files they are given. */
public final class PemTrust {
  private PemTrust() {}

  /** The caller's exception for a file to trust that cannot be read, or that holds no PEM certificate. */
  @FunctionalInterface
  public interface BadFile<E extends Exception> {
    E of(Path file, boolean unreadable);
  }

  /**
   * A TLS context that trusts every certificate in {@code pems} and nothing else.
   *
   * @param badFile the exception for the first file that cannot be read or holds no certificate
   * @throws GeneralSecurityException if the trust store cannot be built
   * @throws IOException if the trust store cannot be built
   */
  public static <E extends Exception> SSLContext sslContext(List<Path> pems, BadFile<E> badFile)
      throws E, GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    int i = 0;
    for (Path p : pems) {
      Collection<? extends Certificate> certs;
      try (InputStream in = Files.newInputStream(p)) {
        certs = cf.generateCertificates(in);
      } catch (IOException e) {
        throw badFile.of(p, true);
      } catch (CertificateException e) {
        throw badFile.of(p, false);
      }
      if (certs.isEmpty()) {
        throw badFile.of(p, false);
      }
      for (Certificate c : certs) {
        store.setCertificateEntry("node-" + i++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
