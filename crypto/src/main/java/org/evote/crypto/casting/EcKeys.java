package org.evote.crypto.casting;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

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

  /** Signs with SHA-256 and ECDSA, P1363 encoding. */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  /** Verifies a P1363 SHA-256/ECDSA signature; false for any malformed input. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    if (signature == null || signature.length != 64) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The X.509 SubjectPublicKeyInfo encoding, base64. */
  public static String publicKeyBase64(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
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
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system; the data directory's own permissions apply
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
