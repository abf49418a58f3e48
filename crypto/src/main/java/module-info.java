/**
 * The ElectionGuard 2.0 primitives, ballots and election record of evote. Every package is API
 * except {@code org.evote.crypto.group.internal}, which holds the group implementations.
 *
 * <p>The sealed {@code Element} and {@code Group} permit their implementations in {@code
 * group.internal}, which only a named module allows. The other modules of evote have no module
 * descriptor and put this jar on the class path, where this descriptor is not enforced; the
 * benchmarks module's {@code LayeringTest} checks the same boundaries there.
 */
module org.evote.crypto {
  // The group implementations run on Bouncy Castle's curve arithmetic; no BC type is in an
  // exported signature, so the dependency is not transitive.
  requires org.bouncycastle.provider;
  // The record codec, the cast envelope and the receipt still take and return Jackson trees.
  requires transitive com.fasterxml.jackson.databind;

  /** What evote adds for casting: the signed cast message, P-256 signatures, receipts. */
  exports org.evote.crypto.casting;
  /** The election model: manifest, configuration, ballots, tallies, encryption, validation. */
  exports org.evote.crypto.election;
  /** Exponential ElGamal (§3.3.1) and hashed ElGamal for contest data (§3.3.6). */
  exports org.evote.crypto.elgamal;
  /** The group interface of §3.1, its elements and scalars, and the standard groups. */
  exports org.evote.crypto.group;
  /** The hash function H of §5 and its 256-bit outputs. */
  exports org.evote.crypto.hash;
  /** Schnorr, range and decryption proofs with their shared challenge functions. */
  exports org.evote.crypto.proof;
  /** The JSON election record in egk-ec's layout: one reader and writer per format. */
  exports org.evote.crypto.record;
  /** Holders for secret values that never print or compare their contents. */
  exports org.evote.crypto.secret;
  /** Small helpers every module shares: argument checks, and the trust of HTTPS clients in PEM certificates. */
  exports org.evote.crypto.util;
}
