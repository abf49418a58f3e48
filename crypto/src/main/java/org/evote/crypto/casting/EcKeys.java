package org.evote.crypto.casting;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * P-256 ECDSA keys and signatures (ES256) for voters, nodes and the identity provider.
 * Signatures are in the 64-byte R ∥ S form of IEEE P1363 (as JOSE and browsers use), so the web
 * client and the Java client produce the same bytes.
 */
public final class EcKeys {
  private EcKeys() {}

  /** A fresh P-256 key pair. */
  public static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is not available", e);
    }
  }

  /**
   * Signs with SHA-256 and deterministic ECDSA (RFC 6979 §3.2: the nonce k is derived from the
   * key and the message digest with HMAC-SHA-256), P1363 encoding. The same key and message give
   * the same signature every time, so a receipt signed again (a node replaying its log after a
   * restart) is byte for byte the receipt the voter holds; verifiers need nothing new, since a
   * deterministic signature is an ordinary ECDSA signature.
   *
   * @throws IllegalArgumentException if the key is not a P-256 private key
   */
  public static byte[] sign(PrivateKey key, byte[] message) {
    if (!(key instanceof ECPrivateKey ec) || !P256.getN().equals(ec.getParams().getOrder())) {
      throw new IllegalArgumentException("the signing key is not a P-256 private key");
    }
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256").digest(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(ec.getS(), P256_DOMAIN));
    BigInteger[] rs = signer.generateSignature(digest);
    byte[] out = new byte[64];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
    BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
    return out;
  }

  /** Verifies a P1363 SHA-256/ECDSA signature; false for any malformed input or key. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    Verifier v = verifier(key);
    return v != null && v.verify(message, signature);
  }

  /**
   * A verifier for one P-256 public key, or null when the key is not a valid P-256 point. Keep
   * it for a key that verifies many signatures (the identity provider's): the key's
   * precomputation is made once.
   */
  public static Verifier verifier(PublicKey key) {
    if (!(key instanceof ECPublicKey ec)
        || !(ec.getParams().getCurve().getField() instanceof java.security.spec.ECFieldFp field)
        || !P256.getCurve().getField().getCharacteristic().equals(field.getP())
        || !P256.getN().equals(ec.getParams().getOrder())) {
      return null;
    }
    try {
      org.bouncycastle.math.ec.ECPoint q = P256.getCurve().validatePoint(ec.getW().getAffineX(), ec.getW().getAffineY());
      return new Verifier(new ECPublicKeyParameters(q, P256_DOMAIN));
    } catch (IllegalArgumentException notOnCurve) {
      return null;
    }
  }

  private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");
  private static final ECDomainParameters P256_DOMAIN =
      new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());

  /**
   * SHA-256/ECDSA verification on one public key (FIPS 186-5 §6.4.2), on the project's P-256
   * arithmetic: the double-base multiplication u1·G + u2·Q reuses G's precomputed table and,
   * across calls, Q's. Thread-safe.
   */
  public static final class Verifier {
    private final ECPublicKeyParameters key;

    private Verifier(ECPublicKeyParameters key) {
      this.key = key;
    }

    /** Verifies a 64-byte R ∥ S signature; false for anything malformed. */
    public boolean verify(byte[] message, byte[] signature) {
      if (message == null || signature == null || signature.length != 64) {
        return false;
      }
      BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, 32));
      BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
      BigInteger n = P256.getN();
      if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
        return false;
      }
      byte[] digest;
      try {
        digest = java.security.MessageDigest.getInstance("SHA-256").digest(message);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
      ECDSASigner verifier = new ECDSASigner();
      verifier.init(false, key);
      return verifier.verifySignature(digest, r, s);
    }
  }

  /** The X.509 SubjectPublicKeyInfo encoding, base64. */
  public static String publicKeyBase64(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Parses a base64 PKCS#8 EC private key (as the identity provider issues), or empty when it is not one. */
  public static Optional<PrivateKey> parsePrivateKey(String base64) {
    try {
      return Optional.of(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Parses a base64 SubjectPublicKeyInfo P-256 key, or empty when it is not one. */
  public static Optional<ECPublicKey> parsePublicKey(String base64) {
    try {
      PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
      if (k instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
        return Optional.of(ec);
      }
      return Optional.empty();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Loads a key pair stored by {@link #store}, or creates and stores a new one. */
  public static KeyPair loadOrCreate(Path privateFile) throws java.io.IOException {
    if (Files.exists(privateFile)) {
      String[] lines = Files.readString(privateFile, StandardCharsets.US_ASCII).trim().split("\n");
      try {
        KeyFactory kf = KeyFactory.getInstance("EC");
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0].trim())));
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1].trim())));
        return new KeyPair(pub, priv);
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new java.io.IOException("key file " + privateFile + " is not a valid P-256 key pair", e);
      }
    }
    KeyPair kp = generate();
    store(privateFile, kp);
    return kp;
  }

  /** Stores a key pair as two base64 lines (PKCS#8 private, X.509 public), readable only by the owner. */
  public static void store(Path file, KeyPair kp) throws java.io.IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String text = Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n"
        + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n";
    writeOwnerOnly(file, text.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Writes a file that holds a private key (a key file, a voter's credentials) so that only its
   * owner can read it: the file is created 0600, never readable by others for a moment, written,
   * flushed to disk, and moved into place atomically. On a file system without POSIX permissions
   * the folder's own protection applies.
   */
  public static void writeOwnerOnly(Path file, byte[] bytes) throws java.io.IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    java.util.Set<java.nio.file.OpenOption> options = java.util.Set.of(
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
    java.nio.channels.FileChannel ch;
    try {
      ch = java.nio.channels.FileChannel.open(tmp, options,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      ch = java.nio.channels.FileChannel.open(tmp, options);
    }
    try (java.nio.channels.FileChannel c = ch) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
