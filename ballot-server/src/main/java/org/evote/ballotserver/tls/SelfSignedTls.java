package org.evote.ballotserver.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.evote.crypto.casting.EcKeys;

/**
 * Makes a self-signed P-256 certificate for a node at first start when no certificate is
 * configured, stored as a PKCS#12 key store, with its certificate also written as PEM so that
 * clients can be told to trust it.
 */
public final class SelfSignedTls {
  private SelfSignedTls() {}

  /** The key store, its password and its certificate as PEM. */
  public record Stored(Path keyStore, String password, Path certificatePem) {}

  /** Loads the node's TLS material from its data directory, creating it on first start. */
  public static Stored ensure(Path dataDir, String nodeId) throws IOException {
    Path ks = dataDir.resolve("tls").resolve("node.p12");
    Path pem = dataDir.resolve("tls").resolve("node-cert.pem");
    Path pw = dataDir.resolve("tls").resolve("node.p12.password");
    if (Files.exists(ks) && Files.exists(pw) && Files.exists(pem)) {
      return new Stored(ks, Files.readString(pw).trim(), pem);
    }
    Files.createDirectories(ks.getParent());
    String password = new BigInteger(128, new SecureRandom()).toString(36);
    try {
      KeyPair kp = EcKeys.generate();
      X500Name name = new X500Name("CN=evote node " + nodeId);
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
          name, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(825))), name, kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      X509Certificate cert = new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("node", kp.getPrivate(), password.toCharArray(), new X509Certificate[] {cert});
      try (OutputStream out = Files.newOutputStream(ks)) {
        store.store(out, password.toCharArray());
      }
      Files.writeString(pw, password);
      String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded());
      Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
      try {
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(ks, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // non-POSIX file system
      }
      return new Stored(ks, password, pem);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create the node's self-signed certificate", e);
    }
  }
}
