package org.evote.tally.decrypt;

import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.util.Require;

/**
 * One value to decrypt jointly: an ElGamal ciphertext (A, B) of a tally or a challenged ballot's
 * selection (ElectionGuard 2.0 §3.6), or the contest data (C0, C1, C2) of a challenged ballot
 * (§3.6.4). Guardians need only its pad: A or C0.
 */
public sealed interface DecryptionText permits DecryptionText.Vote, DecryptionText.ContestData {

  /** Where it comes from, such as "tally contest1 selection2" (for messages, never hashed). */
  String label();

  /** A for a vote, C0 for contest data: the value a guardian raises to P(i) (eq. 66, 77). */
  Element pad();

  /** A selection's (A, B) (§3.6.1-§3.6.3). */
  record Vote(String label, Ciphertext ciphertext) implements DecryptionText {
    public Vote {
      Require.nonNull("label", label, "ciphertext", ciphertext);
    }

    @Override
    public Element pad() {
      return ciphertext.pad();
    }
  }

  /** A contest's encrypted contest data (§3.6.4), with the contest id its key derivation uses. */
  record ContestData(String label, String contestId, HashedCiphertext ciphertext) implements DecryptionText {
    public ContestData {
      Require.nonNull("label", label, "contestId", contestId, "ciphertext", ciphertext);
    }

    @Override
    public Element pad() {
      return ciphertext.c0();
    }
  }
}
