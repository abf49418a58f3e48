package org.evote.crypto.election;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * A whole pre-encrypted ballot as the encrypting tool makes it (spec §4.1, §4.2): what is printed
 * (short codes, the confirmation code) and what the recording tool and an uncast ballot's record
 * need (every vector and hash). It holds no nonce.
 *
 * @param contests the ballot style's contests, in manifest order
 * @param codeBaux B_aux of eq. 95
 * @param confirmationCode H(B) of eq. 95
 */
public record PreEncryptedBallot(
    String ballotId, String ballotStyleId, List<Contest> contests, ByteString codeBaux, UInt256 confirmationCode) {
  public PreEncryptedBallot {
    Require.nonNull(
        "ballotId", ballotId, "ballotStyleId", ballotStyleId, "codeBaux", codeBaux,
        "confirmationCode", confirmationCode);
    contests = List.copyOf(contests);
  }

  /** Whether two selections of one contest share a short code (§4.1.4: the caller draws a new ξ). */
  public boolean hasShortCodeCollision() {
    for (Contest c : contests) {
      Set<String> codes = new HashSet<>();
      for (Selection s : c.selections()) {
        if (!codes.add(s.shortCode())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * One contest: its m option vectors, then its L null vectors.
   *
   * @param sortedSelectionHashes the m + L ψ in increasing order, as eq. 94 hashes them
   * @param contestHash χ of eq. 94
   */
  public record Contest(
      String contestId, int sequenceOrder, int limit, List<Selection> selections,
      List<UInt256> sortedSelectionHashes, UInt256 contestHash) {
    public Contest {
      Require.nonNull("contestId", contestId, "contestHash", contestHash);
      selections = List.copyOf(selections);
      sortedSelectionHashes = List.copyOf(sortedSelectionHashes);
    }
  }

  /**
   * One vector Ψ_j (eq. 91) with its hash and short code.
   *
   * @param label the option's selection id, or "null1", "null2", ... for a null vector (§4.2.1)
   * @param index ind_o(λ_j) as used in eq. 96
   * @param vector E_1 .. E_m
   * @param selectionHash ψ_j of eq. 92 or 93
   * @param shortCode Ω(ψ_j)
   */
  public record Selection(String label, int index, List<Ciphertext> vector, UInt256 selectionHash, String shortCode) {
    public Selection {
      Require.nonNull("label", label, "selectionHash", selectionHash, "shortCode", shortCode);
      vector = List.copyOf(vector);
    }
  }
}
