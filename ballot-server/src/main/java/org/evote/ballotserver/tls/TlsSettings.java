package org.evote.ballotserver.tls;

import java.nio.file.Path;

/**
 * How a node serves HTTPS: with its own self-signed certificate (the default) or with a
 * certificate and key that the operator's certificate authority issued, and which protocol
 * versions it accepts.
 *
 * @param certificatePem the node's certificate chain as PEM, leaf first; null for the
 *     self-signed default
 * @param keyPem the leaf certificate's private key as PEM (PKCS#8, or SEC1/PKCS#1), unencrypted;
 *     null for the self-signed default
 * @param allowTls12 also accept TLS 1.2, with ECDHE and AEAD cipher suites only, for old clients;
 *     false accepts TLS 1.3 alone
 */
public record TlsSettings(Path certificatePem, Path keyPem, boolean allowTls12) {
  /** The self-signed certificate and TLS 1.3 only. */
  public static final TlsSettings DEFAULT = new TlsSettings(null, null, false);

  public TlsSettings {
    if ((certificatePem == null) != (keyPem == null)) {
      throw new IllegalArgumentException("a certificate from files needs both the certificate chain "
          + "(tls_certificate, --tls-cert) and its private key (tls_key, --tls-key)");
    }
  }

  /** Whether the node makes and uses its own self-signed certificate. */
  public boolean selfSigned() {
    return certificatePem == null;
  }
}
