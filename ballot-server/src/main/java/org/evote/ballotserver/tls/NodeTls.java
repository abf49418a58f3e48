package org.evote.ballotserver.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The node's TLS: its certificate and key, and the protocol versions and cipher suites it
 * accepts.
 *
 * <ul>
 *   <li>The certificate is the self-signed one the node makes at first start ({@link
 *       SelfSignedTls}), or the chain and key an operator gives as PEM files. Those are read and
 *       checked once at start: the chain parses, the leaf is valid today, and the key is the
 *       leaf's (it signs a challenge that the leaf's public key verifies). A problem stops the
 *       node with a message that names the file.
 *   <li>TLS 1.3 only by default. With {@link TlsSettings#allowTls12()}, TLS 1.2 as well, limited
 *       to ECDHE key exchange with AEAD ciphers (AES-GCM, ChaCha20-Poly1305): no CBC, no RSA key
 *       transport, no static DH.
 * </ul>
 */
public final class NodeTls {
  private NodeTls() {}

  /** The TLS 1.3 cipher suites (all AEAD). */
  public static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  /** The TLS 1.2 cipher suites accepted when TLS 1.2 is allowed: ECDHE with an AEAD cipher. */
  public static final List<String> TLS12_AEAD_SUITES = List.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /**
   * What the HTTP server needs.
   *
   * @param keyStore the key and chain as an in-memory PKCS#12 store
   * @param password its password
   * @param certificatePem the certificate file to show operators and clients
   * @param selfSigned whether the node made the certificate itself
   * @param allowTls12 whether TLS 1.2 (AEAD suites) is accepted besides TLS 1.3
   */
  public record Material(Buffer keyStore, String password, Path certificatePem, boolean selfSigned, boolean allowTls12) {
    public Material {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(certificatePem, "certificatePem");
    }

    /** The protocol versions this node accepts. */
    public Set<String> protocols() {
      return allowTls12 ? Set.of("TLSv1.2", "TLSv1.3") : Set.of("TLSv1.3");
    }

    /** The cipher suites this node accepts. */
    public List<String> cipherSuites() {
      List<String> out = new ArrayList<>(TLS13_SUITES);
      if (allowTls12) {
        out.addAll(TLS12_AEAD_SUITES);
      }
      return out;
    }

    /** Turns TLS on in the options, with this certificate, these versions and these suites only. */
    public HttpServerOptions applyTo(HttpServerOptions options) {
      options.setSsl(true)
          .setKeyCertOptions(new PfxOptions().setValue(keyStore).setPassword(password))
          .setEnabledSecureTransportProtocols(protocols());
      for (String suite : cipherSuites()) {
        options.addEnabledCipherSuite(suite);
      }
      return options;
    }
  }

  /**
   * The node's TLS material: the operator's PEM files when configured, otherwise the self-signed
   * certificate in the data directory (made on first start).
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static Material load(TlsSettings settings, Path dataDir, String nodeId) throws IOException {
    if (settings.selfSigned()) {
      SelfSignedTls.Stored s = SelfSignedTls.ensure(dataDir, nodeId);
      return new Material(Buffer.buffer(Files.readAllBytes(s.keyStore())), s.password(), s.certificatePem(), true,
          settings.allowTls12());
    }
    return fromPem(settings.certificatePem(), settings.keyPem(), settings.allowTls12());
  }

  /**
   * Reads and checks an operator's certificate chain and key.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static Material fromPem(Path certificatePem, Path keyPem, boolean allowTls12) throws IOException {
    List<X509Certificate> chain = readChain(certificatePem);
    PrivateKey key = readKey(keyPem);
    X509Certificate leaf = chain.get(0);
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      throw new IOException(certificatePem + ": the certificate expired on " + leaf.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw new IOException(certificatePem + ": the certificate is not valid before " + leaf.getNotBefore().toInstant());
    }
    if (!keyMatches(key, leaf)) {
      throw new IOException(keyPem + ": the private key does not belong to the first certificate of " + certificatePem);
    }
    String password = new BigInteger(128, new SecureRandom()).toString(36);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("node", key, password.toCharArray(), chain.toArray(new X509Certificate[0]));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password.toCharArray());
      return new Material(Buffer.buffer(out.toByteArray()), password, certificatePem, false, allowTls12);
    } catch (GeneralSecurityException e) {
      throw new IOException(keyPem + ": the key and certificate cannot be stored together: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> readChain(Path file) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
      Object o;
      while ((o = pem.readObject()) != null) {
        if (!(o instanceof X509CertificateHolder h)) {
          throw new IOException(file + ": holds a " + o.getClass().getSimpleName()
              + " where only certificates (BEGIN CERTIFICATE) may be");
        }
        chain.add(converter.getCertificate(h));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException(file + ": not a PEM certificate chain: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException(file + ": holds no certificate (BEGIN CERTIFICATE)");
    }
    return chain;
  }

  private static PrivateKey readKey(Path file) throws IOException {
    Object o;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
      o = pem.readObject();
      if (o != null && pem.readObject() != null) {
        throw new IOException(file + ": holds more than one object; give the private key alone");
      }
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a PEM private key: " + e.getMessage(), e);
    }
    if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new IOException(file + ": the private key is encrypted; give it unencrypted, readable by the node's user only");
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (o instanceof PrivateKeyInfo info) {
      return converter.getPrivateKey(info);
    }
    if (o instanceof PEMKeyPair pair) {
      return converter.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 may omit the public key
    }
    throw new IOException(file + ": holds no private key (BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
  }

  /** Whether the key signs a fresh challenge that the certificate's public key verifies. */
  private static boolean keyMatches(PrivateKey key, X509Certificate cert) throws IOException {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IOException("unsupported private key algorithm " + key.getAlgorithm()
          + ": use an EC (P-256, P-384) or RSA key");
    };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a key of another algorithm or curve than the certificate's
    }
  }
}
