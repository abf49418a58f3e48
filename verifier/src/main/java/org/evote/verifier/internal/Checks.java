package org.evote.verifier.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ElectionGuard checks of a verification, in report order: the spec's verification steps
 * (ElectionGuard 2.0 §6.2, numbered as there) and this verifier's own checks of the record as a
 * whole (B.1 to B.3).
 */
public final class Checks {
  /** Verification 1, §6.2.1: constants, H_P, H_M, H_B, and the manifest's own rules. */
  public static final String PARAMETERS = "1";
  /** Verification 2, §6.2.2: the guardians' commitments and Schnorr proofs. */
  public static final String GUARDIAN_KEYS = "2";
  /** Verification 3: K = Π K_i. */
  public static final String ELECTION_KEY = "3";
  /** Verification 4, §6.2.3: H_E. */
  public static final String EXTENDED_BASE_HASH = "4";
  /** Ours: every ballot belongs to this election and has exactly its style's contests and options. */
  public static final String BALLOT_STRUCTURE = "B.1";
  /** Verification 5, §6.2.4. */
  public static final String SELECTION_PROOFS = "5";
  /** Verification 6. */
  public static final String CONTEST_LIMITS = "6";
  /** Verification 7.A and 7.B. */
  public static final String CONFIRMATION_CODES = "7.A-B";
  /** Verification 7.C. */
  public static final String UNIQUE_CODES = "7.C";
  /** Verification 7.D to 7.G. */
  public static final String CHAINING = "7.D-G";
  /** Ours: ballot ids are unique across the record. */
  public static final String UNIQUE_IDS = "B.2";
  /** Ours: no selection ciphertext element is used twice (weeding). */
  public static final String WEEDING = "B.3";
  /** Verification 8, §6.2.5: exactly the CAST ballots count (in an evote record, those its policy counts; E.2). */
  public static final String AGGREGATION = "8";
  /** Verification 9. */
  public static final String TALLY_PROOFS = "9";
  /** Verification 10. */
  public static final String TALLY_VALUES = "10";
  /** Verification 11, §6.2.6. */
  public static final String TALLY_CONTEST_DATA = "11";
  /** Verification 12, §6.2.7. */
  public static final String CHALLENGED_PROOFS = "12";
  /** Verification 13. */
  public static final String CHALLENGED_VALUES = "13";
  /** Verification 14. */
  public static final String CHALLENGED_CONTEST_DATA = "14";
  /** Verification 15, §4.5 and §6.2.8: the selection range proofs of pre-encrypted ballots. */
  public static final String PRE_SELECTION_PROOFS = "15";
  /** Verification 16: the contest limit proofs of pre-encrypted ballots. */
  public static final String PRE_CONTEST_LIMITS = "16";
  /** Verification 17.A to 17.C: selection hashes, contest hashes and codes of pre-encrypted ballots (eq. 92-95). */
  public static final String PRE_CONFIRMATION_CODES = "17.A-C";
  /** Verification 17.D: no duplicate confirmation codes, where a pre-encrypted ballot is involved. */
  public static final String PRE_UNIQUE_CODES = "17.D";
  /** Verification 18: short codes, and selections as the product of the selected vectors. */
  public static final String PRE_SHORT_CODES = "18";

  private final Map<String, Check> checks = new LinkedHashMap<>();

  public Checks(int maxKept) {
    add(PARAMETERS, "Parameter validation", maxKept);
    add(GUARDIAN_KEYS, "Guardian public-key validation", maxKept);
    add(ELECTION_KEY, "Election public-key validation", maxKept);
    add(EXTENDED_BASE_HASH, "Extended base hash validation", maxKept);
    add(BALLOT_STRUCTURE, "Ballots belong to this election and match the manifest", maxKept);
    add(SELECTION_PROOFS, "Well-formedness of selection encryptions", maxKept);
    add(CONTEST_LIMITS, "Adherence to vote limits", maxKept);
    add(CONFIRMATION_CODES, "Validation of confirmation codes: contest hashes and codes", maxKept);
    add(UNIQUE_CODES, "Validation of confirmation codes: no duplicate codes", maxKept);
    add(CHAINING, "Validation of confirmation codes: chaining per device", maxKept);
    add(UNIQUE_IDS, "Ballot ids are unique", maxKept);
    add(WEEDING, "No ciphertext is reused across ballots (weeding)", maxKept);
    add(AGGREGATION, "Correctness of ballot aggregation", maxKept);
    add(TALLY_PROOFS, "Correctness of tally decryptions", maxKept);
    add(TALLY_VALUES, "Validation of correct decryption of tallies", maxKept);
    add(TALLY_CONTEST_DATA, "Correctness of decryptions of contest data", maxKept);
    add(CHALLENGED_PROOFS, "Correctness of decryptions for challenged ballots", maxKept);
    add(CHALLENGED_VALUES, "Validation of correct decryption of challenged ballots", maxKept);
    add(CHALLENGED_CONTEST_DATA, "Correctness of contest data decryptions for challenged ballots", maxKept);
    add(PRE_SELECTION_PROOFS, "Well-formedness of selection encryptions in pre-encrypted ballots", maxKept);
    add(PRE_CONTEST_LIMITS, "Adherence to vote limits in pre-encrypted ballots", maxKept);
    add(PRE_CONFIRMATION_CODES,
        "Validation of confirmation codes in pre-encrypted ballots: selection hashes, contest hashes and codes", maxKept);
    add(PRE_UNIQUE_CODES, "Validation of confirmation codes in pre-encrypted ballots: no duplicate codes", maxKept);
    add(PRE_SHORT_CODES, "Validation of short codes in pre-encrypted ballots", maxKept);
  }

  private void add(String id, String name, int maxKept) {
    checks.put(id, new Check(id, name, maxKept));
  }

  /** The check with this id; IllegalArgumentException for an unknown one. */
  public Check get(String id) {
    Check c = checks.get(id);
    if (c == null) {
      throw new IllegalArgumentException("no check '" + id + "'; known checks are " + checks.keySet());
    }
    return c;
  }

  /** Every check, in report order. */
  public List<Check> all() {
    return new ArrayList<>(checks.values());
  }
}
