package org.evote.ballotserver.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.evote.ballotserver.NodeConfig;
import org.evote.crypto.casting.EcKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's TLS against a real JDK client on loopback: an operator's certificate from PEM files,
 * TLS 1.3 only by default, TLS 1.2 with AEAD suites only when allowed, and exact messages for
 * files that cannot serve.
 */
class NodeTlsTest {
  @TempDir
  Path dir;

  private Vertx vertx;
  private KeyPair caKey;
  private X509Certificate ca;
  private KeyPair leafKey;
  private X509Certificate leaf;
  private Path chainPem;
  private Path keyPem;

  @BeforeEach
  void authority() throws Exception {
    vertx = Vertx.vertx();
    caKey = EcKeys.generate();
    ca = certificate("CN=evote test authority", caKey, "CN=evote test authority", caKey, true, Duration.ofDays(30));
    leafKey = EcKeys.generate();
    leaf = certificate("CN=node1.example", leafKey, "CN=evote test authority", caKey, false, Duration.ofDays(30));
    chainPem = pem("chain.pem", leaf, ca);
    keyPem = pkcs8("node.key", leafKey);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
      boolean authority, Duration life) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(life)),
        new X500Name(subject), subjectKey.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
    if (!authority) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
  }

  private Path pem(String name, Object... objects) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    }
    Path file = dir.resolve(name);
    Files.writeString(file, out.toString());
    return file;
  }

  private Path pkcs8(String name, KeyPair key) throws Exception {
    return pem(name, new JcaPKCS8Generator(key.getPrivate(), null).generate());
  }

  /** A server on loopback with the material; its port. */
  private int serve(NodeTls.Material material) {
    HttpServerOptions options = material.applyTo(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    HttpServer server = vertx.createHttpServer(options).requestHandler(r -> r.response().end("ok")).listen().await();
    return server.actualPort();
  }

  /** A JDK client that trusts the test authority, offering the given protocols and (if any) suites. */
  private SSLSocket handshake(int port, String[] protocols, String... suites) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), new SecureRandom());
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.setEnabledProtocols(protocols);
    if (suites.length > 0) {
      socket.setEnabledCipherSuites(suites);
    }
    socket.startHandshake();
    return socket;
  }

  @Nested
  @DisplayName("with the operator's certificate")
  class OperatorCertificate {
    @Test
    @DisplayName("a TLS 1.3 client sees the operator's leaf and chain, not a self-signed certificate")
    void servesTheChain() throws Exception {
      NodeTls.Material m = NodeTls.load(new TlsSettings(chainPem, keyPem, false), dir.resolve("data"), "node1");
      assertThat(m.selfSigned()).isFalse();
      assertThat(m.certificatePem()).isEqualTo(chainPem);
      try (SSLSocket s = handshake(serve(m), new String[] {"TLSv1.3"})) {
        assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(s.getSession().getPeerCertificates()).containsExactly(leaf, ca);
      }
      assertThat(dir.resolve("data").resolve("tls")).doesNotExist(); // no self-signed material made
    }

    @Test
    @DisplayName("a key in SEC1 form (BEGIN EC PRIVATE KEY) is read as well")
    void sec1Key() throws Exception {
      // as openssl writes it: SEC1 with the curve's OID in the key structure
      org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
          org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(leafKey.getPrivate().getEncoded());
      org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
      byte[] sec1Der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(),
          info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
      Path sec1 = pem("sec1.key", new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1Der));
      assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
      NodeTls.Material m = NodeTls.fromPem(chainPem, sec1, false);
      try (SSLSocket s = handshake(serve(m), new String[] {"TLSv1.3"})) {
        assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(leaf);
      }
    }
  }

  @Nested
  @DisplayName("protocol versions and cipher suites")
  class Versions {
    @Test
    @DisplayName("by default a TLS 1.2 client is refused")
    void tls13Only() throws Exception {
      int port = serve(NodeTls.fromPem(chainPem, keyPem, false));
      assertThatThrownBy(() -> handshake(port, new String[] {"TLSv1.2"}).close()).isInstanceOf(SSLException.class);
      try (SSLSocket s = handshake(port, new String[] {"TLSv1.2", "TLSv1.3"})) {
        assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
      }
    }

    @Test
    @DisplayName("with TLS 1.2 allowed, an ECDHE AES-GCM client is served and a CBC-only client refused")
    void tls12AeadOnly() throws Exception {
      int port = serve(NodeTls.fromPem(chainPem, keyPem, true));
      try (SSLSocket s = handshake(port, new String[] {"TLSv1.2"}, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
        assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(s.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
      }
      assertThatThrownBy(() -> handshake(port, new String[] {"TLSv1.2"},
          "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384").close())
          .isInstanceOf(SSLException.class);
    }

    @Test
    @DisplayName("the self-signed default also accepts TLS 1.3 only, and says it is self-signed")
    void selfSignedDefault() throws Exception {
      NodeTls.Material m = NodeTls.load(TlsSettings.DEFAULT, dir.resolve("data"), "node1");
      assertThat(m.selfSigned()).isTrue();
      assertThat(m.protocols()).containsExactly("TLSv1.3");
      assertThat(m.cipherSuites()).containsExactlyElementsOf(NodeTls.TLS13_SUITES);
    }
  }

  @Nested
  @DisplayName("files that cannot serve are refused at start, naming the file")
  class Refused {
    /** NodeTls refuses the certificate file and key file with an IOException saying {@code message}. */
    void assertRefused(Path certificate, Path key, String message) {
      assertThatThrownBy(() -> NodeTls.fromPem(certificate, key, false))
          .isInstanceOf(IOException.class)
          .hasMessage(message);
    }

    @Test
    @DisplayName("a certificate without its key, or a key without its certificate")
    void halfConfigured() {
      String message = "a certificate from files needs both the certificate chain (tls_certificate, --tls-cert) "
          + "and its private key (tls_key, --tls-key)";
      assertThatThrownBy(() -> new TlsSettings(chainPem, null, false)).hasMessage(message);
      assertThatThrownBy(() -> new TlsSettings(null, keyPem, false)).hasMessage(message);
    }

    @Test
    @DisplayName("a key that is not the leaf's")
    void wrongKey() throws Exception {
      Path other = pkcs8("other.key", caKey);
      assertRefused(chainPem, other, other + ": the private key does not belong to the first certificate of " + chainPem);
    }

    @Test
    @DisplayName("a certificate file with no certificate, or with a key in it")
    void noCertificate() throws Exception {
      Path empty = dir.resolve("empty.pem");
      Files.writeString(empty, "");
      assertRefused(empty, keyPem, empty + ": holds no certificate (BEGIN CERTIFICATE)");
      Path mixed = pem("mixed.pem", leaf, leafKey);
      assertRefused(mixed, keyPem, mixed + ": holds a PEMKeyPair where only certificates (BEGIN CERTIFICATE) may be");
    }

    @Test
    @DisplayName("a key file with no key")
    void noKey() throws Exception {
      assertRefused(chainPem, chainPem, chainPem + ": holds more than one object; give the private key alone");
      Path certOnly = pem("cert-only.pem", leaf);
      assertRefused(chainPem, certOnly,
          certOnly + ": holds no private key (BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
    }

    @Test
    @DisplayName("an expired certificate")
    void expired() throws Exception {
      X509Certificate old = certificate("CN=node1.example", leafKey, "CN=evote test authority", caKey, false,
          Duration.ofHours(-12));
      Path oldPem = pem("old.pem", old, ca);
      assertRefused(oldPem, keyPem, oldPem + ": the certificate expired on " + old.getNotAfter().toInstant());
    }
  }

  @Test
  @DisplayName("a config file names the PEM files relative to itself and can allow TLS 1.2")
  void configFile() throws Exception {
    Path config = dir.resolve("node.json");
    Files.writeString(config, "{\"node_id\": \"n1\", \"tls_certificate\": \"chain.pem\", \"tls_key\": \"node.key\","
        + " \"tls_allow_1_2\": true}");
    NodeConfig c = NodeConfig.read(config);
    assertThat(c.tls()).isEqualTo(new TlsSettings(chainPem.toAbsolutePath(), keyPem.toAbsolutePath(), true));
    Path plain = dir.resolve("plain.json");
    Files.writeString(plain, "{\"node_id\": \"n1\"}");
    assertThat(NodeConfig.read(plain).tls()).isEqualTo(TlsSettings.DEFAULT);
  }
}
