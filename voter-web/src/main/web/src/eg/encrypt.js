/**
 * Ballot encryption, spec §3.3 and §3.4, a port of org.evote.crypto.election.BallotEncryptor that
 * gives the same bytes for the same ballot nonce, and the same bytes as egk-ec's Encryptor:
 * selection nonces (eq. 25), exponential ElGamal (eq. 24), range proofs with u_j and simulated c_j
 * derived from ξ as egk-ec derives them (eq. 44-48, docs/PROTOCOL.md "Values derived from the
 * primary nonce"), the contest proof on the aggregate (§3.3.8), over-voted contests as §3.3.3 says,
 * contest data in egk-ec's layout and hashed ElGamal (§3.3.6-3.3.7), contest hashes (eq. 57), the
 * confirmation code (eq. 58) and egk-ec's optional encrypted serial number.
 * @module
 */
import { int32, utf8 } from './bytes.js';
import { Hash, hmacSha256 } from './hash.js';
import { P256 } from './group.js';

const G = P256;

/** ξ_{i,j} = H(H_E; 0x20, ξ_B, ind_c(Λ_i), ind_o(λ_j)) mapped to Z_q (spec eq. 25). */
export function selectionNonce(he, xiB, contestIndex, optionIndex) {
  return G.hashToScalar(Hash.key(he).domain(0x20).uint256(xiB).int32(contestIndex).int32(optionIndex).digest());
}

/** ξ = H(H_E; 0x20, ξ_B, ind_c(Λ), "contest_data") mapped to Z_q (spec eq. 50, egk-ec spelling). */
export function contestDataNonce(he, xiB, contestIndex) {
  return G.hashToScalar(Hash.key(he).domain(0x20).uint256(xiB).int32(contestIndex).rawUtf8('contest_data').digest());
}

/** Enc(σ, ξ) = (g^ξ, K^(σ+ξ)) (spec eq. 24). */
export function elgamalEncrypt(k, sigma, xi) {
  return { pad: G.gExp(xi), data: G.exp(k, G.mod(xi + BigInt(sigma))) };
}

/** c = H(H_E; 0x21, K, α, β, a_0, b_0, ..., a_R, b_R) mapped to Z_q (spec eq. 46). */
function rangeChallenge(he, kBytes, ct, commitments) {
  const h = Hash.key(he).domain(0x21).bytes(kBytes, G.encode(ct.pad), G.encode(ct.data));
  for (const c of commitments) h.bytes(G.encode(c));
  return G.hashToScalar(h.digest());
}

/** The nonce of egk-ec's encrypted serial number: H(H_E; 0x10, ξ_B) mapped to Z_q. */
export function serialNumberNonce(he, xiB) {
  return G.hashToScalar(Hash.key(he).domain(0x10).uint256(xiB).digest());
}

const U_LABEL = 'range-chaum-pedersen-proof';
const C_LABEL = 'range-chaum-pedersen-proof-constants';

/**
 * The seed s = H(b(ξ, 32); label) of egk-ec's nonce sequence N(ξ, label, j) = H(s; b(j, 4)) mapped
 * to Z_q: u_j with "range-chaum-pedersen-proof", the simulated c_j with
 * "range-chaum-pedersen-proof-constants" (labels UTF-8, no length, no domain byte).
 */
function nonceSeed(xi, label) {
  return Hash.key(G.encodeScalar(xi)).rawUtf8(label).digest();
}

function derived(seed, j) {
  return G.hashToScalar(Hash.key(seed).int32(j).digest());
}

/**
 * Proves that ct = (g^ξ, K^(ℓ+ξ)) encrypts ℓ with 0 ≤ ℓ ≤ R (spec §3.3.5, eq. 44-48).
 * @returns [{challenge, response}] for j = 0..R
 */
export function proveRange(he, k, kBytes, ct, ell, limit, xi) {
  if (ell < 0 || ell > limit) throw new RangeError(`value ${ell} is outside the range 0..${limit}`);
  const u = [];
  const c = [];
  const commitments = [];
  const uSeed = nonceSeed(xi, U_LABEL);
  const cSeed = nonceSeed(xi, C_LABEL);
  let others = 0n;
  for (let j = 0; j <= limit; j++) {
    u[j] = derived(uSeed, j);
    const a = G.gExp(u[j]); // eq. 44, 45
    let b;
    if (j === ell) {
      b = G.exp(k, u[j]); // eq. 44
    } else {
      c[j] = derived(cSeed, j);
      others = G.mod(others + c[j]);
      b = G.exp(k, G.mod(u[j] + BigInt(ell - j) * c[j])); // eq. 45, t_j = u_j + (ℓ - j)c_j
    }
    commitments.push(a, b);
  }
  const cAll = rangeChallenge(he, kBytes, ct, commitments); // eq. 46
  c[ell] = G.mod(cAll - others); // eq. 47
  const proofs = [];
  for (let j = 0; j <= limit; j++) {
    proofs.push({ challenge: c[j], response: G.mod(u[j] - c[j] * xi) }); // eq. 48
  }
  return proofs;
}

function varint(out, value) {
  let v = value;
  while ((v & ~0x7f) !== 0) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

function lengthPrefixedString(out, s) {
  const b = utf8(s);
  varint(out, b.length);
  for (const x of b) out.push(x);
}

/**
 * Contest data in egk-ec's byte layout (ContestDataCodec): varint count of over-votes and each
 * one's sequence order, varint count of write-ins and each as a length-prefixed string, the
 * status, then zero padding to (1 + L)·32 - 2 bytes. The page has no write-ins and its voters
 * cannot over-vote, so the shortening rules for long lists are not needed here: too long data is
 * refused.
 */
export function encodeContestData(overvotes, writeIns, status, contestLimit) {
  const out = [];
  varint(out, overvotes.length);
  for (const o of overvotes) varint(out, o);
  varint(out, writeIns.length);
  for (const w of writeIns) lengthPrefixedString(out, w);
  lengthPrefixedString(out, status);
  const messageSize = (1 + contestLimit) * 32;
  if (out.length > messageSize) throw new RangeError('contest data is too long for the contest');
  const fill = messageSize - out.length - 2;
  const bytes = new Uint8Array(out.length + Math.max(0, fill));
  bytes.set(out);
  return bytes;
}

const KDF_LABEL = utf8('share_enc_keys');

/** k_i = HMAC(k, b(i, 4) ∥ Label ∥ 0x00 ∥ Context ∥ b(len, 4)) (spec eq. 52, egk-ec inputs). */
function kdf(key, i, context, numBytes) {
  return hmacSha256(key, int32(i), KDF_LABEL, new Uint8Array([0]), context, int32(numBytes * 8));
}

/**
 * Hashed ElGamal encryption of contest data (spec eq. 49-55): C0 = g^ξ, k = H(H_E; 0x22, K, C0,
 * K^ξ), C1 = D ⊕ (k_1 ∥ k_2 ∥ ...), C2 = HMAC(k_0, C0 ∥ C1).
 */
export function encryptContestData(he, k, kBytes, contestId, plaintext, xi) {
  const alpha = G.gExp(xi);
  const beta = G.exp(k, xi);
  const c0 = G.encode(alpha);
  const key = Hash.key(he).domain(0x22).bytes(kBytes, c0, G.encode(beta)).digest();
  const context = utf8('contest_data' + contestId);
  const blocks = Math.ceil(plaintext.length / 32);
  const c1 = new Uint8Array(blocks * 32);
  for (let i = 0; i < blocks; i++) {
    const ki = kdf(key, i + 1, context, plaintext.length);
    for (let j = 0; j < 32; j++) {
      const idx = i * 32 + j;
      c1[idx] = (idx < plaintext.length ? plaintext[idx] : 0) ^ ki[j];
    }
  }
  const c2 = hmacSha256(kdf(key, 0, context, plaintext.length), c0, c1);
  return { c0: alpha, c1, c2, numBytes: plaintext.length };
}

/** χ_l = H(H_E; 0x23, ind_c(Λ_l), K, α_1, β_1, ..., α_m, β_m) (spec eq. 57). */
export function contestHash(he, kBytes, contestIndex, cts) {
  const h = Hash.key(he).domain(0x23).int32(contestIndex).bytes(kBytes);
  for (const ct of cts) h.bytes(G.encode(ct.pad), G.encode(ct.data));
  return h.digest();
}

/** H(B) = H(H_E; 0x24, χ_1, ..., χ_mB, B_aux) (spec eq. 58), B_aux with no length in front. */
export function confirmationCode(he, contestHashes, baux) {
  return Hash.key(he).domain(0x24).bytes(...contestHashes, baux).digest();
}

/**
 * Checks the voter's choices against the manifest, as PlaintextBallotValidation.validate does:
 * every contest on the style, known options only, 0 ≤ vote ≤ R, and at most L votes per contest.
 * The page calls it before it encrypts, so that a voter never casts an over-vote.
 * @param choices Map or object: contestId → array of chosen selection ids (each one vote)
 * @returns a list of problems (empty when the ballot may be cast)
 */
export function validateChoices(manifest, style, choices) {
  return checkChoices(manifest, style, choices, true);
}

/**
 * The problems that make choices impossible to encrypt (PlaintextBallotValidation
 * .structuralProblems): an unknown style, contest or option. Over-votes are not among them: the
 * encryptor records them as spec §3.3.3 says.
 */
export function structuralProblems(manifest, style, choices) {
  return checkChoices(manifest, style, choices, false);
}

function checkChoices(manifest, style, choices, overvotes) {
  const contests = manifest.contestsForStyle(style);
  if (!contests) return [`unknown ballot style '${style}'`];
  const problems = [];
  const onStyle = new Set(contests.map((c) => c.contestId));
  for (const [contestId, chosen] of Object.entries(choices)) {
    const contest = contests.find((c) => c.contestId === contestId);
    if (!onStyle.has(contestId) || !contest) {
      problems.push(`contest '${contestId}' is not on ballot style '${style}'`);
      continue;
    }
    const counts = new Map();
    for (const id of chosen) {
      if (!contest.selections.some((s) => s.selectionId === id)) {
        problems.push(`contest '${contestId}' has no option '${id}'`);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    if (!overvotes) continue;
    for (const [id, n] of counts) {
      if (n > contest.optionLimit) problems.push(`over-vote: option '${id}' has ${n} votes, the option limit is ${contest.optionLimit}`);
    }
    if (chosen.length > contest.contestLimit) {
      problems.push(`over-vote: contest '${contestId}' has ${chosen.length} votes, the contest limit is ${contest.contestLimit}`);
    }
  }
  return problems;
}

/**
 * Encrypts a ballot. Deterministic given the ballot nonce ξ_B. An over-voted contest (an option
 * above R, or more than L votes) is encrypted as spec §3.3.3 says: every option as 0, the contest
 * proof for 0 votes, status over_vote and the voted options' sequence orders in the contest data.
 * @param election from loadElection
 * @param {{ballotId: string, style: string, choices: Object<string, string[]>, device: string,
 *   timestamp: number, codeBaux?: Uint8Array, sn?: bigint}} ballot; codeBaux is B_aux (empty by
 *   default), sn egk-ec's optional serial number, encrypted into encryptedSn
 * @param {Uint8Array} xiB the 32-byte ballot nonce
 * @param {(done: number, total: number) => void} [onProgress] called after each selection
 * @returns the encrypted ballot (state UNKNOWN), in the shape record.js writes
 */
export function encryptBallot(election, ballot, xiB, onProgress) {
  const { manifest, he, k, kBytes } = election;
  if (!(xiB instanceof Uint8Array) || xiB.length !== 32) throw new TypeError('the ballot nonce is 32 bytes');
  const problems = structuralProblems(manifest, ballot.style, ballot.choices);
  if (problems.length) throw new RangeError(`ballot ${ballot.ballotId} cannot be encrypted: ${problems.join('; ')}`);
  const contests = manifest.contestsForStyle(ballot.style);
  const total = contests.reduce((n, c) => n + c.selections.length + 1, 0);
  let done = 0;
  const encrypted = contests.map((mc) => {
    const chosen = ballot.choices[mc.contestId] ?? [];
    const votesOf = (ms) => chosen.filter((id) => id === ms.selectionId).length;
    // §3.3.3: the options voted for, and whether the contest is over-voted.
    const votedFor = mc.selections.filter((ms) => votesOf(ms) > 0).map((ms) => ms.sequenceOrder);
    const overvote = chosen.length > mc.contestLimit || mc.selections.some((ms) => votesOf(ms) > mc.optionLimit);
    const selections = [];
    const cts = [];
    let aggregateNonce = 0n;
    for (const ms of mc.selections) {
      const vote = overvote ? 0 : votesOf(ms); // §3.3.3: all 0 when over-voted
      const xi = selectionNonce(he, xiB, mc.sequenceOrder, ms.sequenceOrder);
      const ct = elgamalEncrypt(k, vote, xi); // eq. 24
      const proof = proveRange(he, k, kBytes, ct, vote, mc.optionLimit, xi);
      selections.push({ selectionId: ms.selectionId, sequenceOrder: ms.sequenceOrder, encryptedVote: ct, proof });
      cts.push(ct);
      aggregateNonce = G.mod(aggregateNonce + xi);
      onProgress?.(++done, total);
    }
    const aggregate = cts.reduce((acc, ct) => ({ pad: acc.pad.add(ct.pad), data: acc.data.add(ct.data) }),
      { pad: G.identity, data: G.identity }); // §3.3.8
    const votes = chosen.length;
    const proof = proveRange(he, k, kBytes, aggregate, overvote ? 0 : votes, mc.contestLimit, aggregateNonce);
    const status = votes === 0 ? 'null_vote' : overvote ? 'over_vote' : votes < mc.contestLimit ? 'under_vote' : 'normal';
    const plaintext = encodeContestData(overvote ? votedFor : [], [], status, mc.contestLimit);
    const contestData = encryptContestData(he, k, kBytes, mc.contestId, plaintext,
      contestDataNonce(he, xiB, mc.sequenceOrder));
    onProgress?.(++done, total);
    return {
      contestId: mc.contestId,
      sequenceOrder: mc.sequenceOrder,
      contestHash: contestHash(he, kBytes, mc.sequenceOrder, cts),
      selections,
      proof,
      contestData,
    };
  });
  const baux = ballot.codeBaux ?? new Uint8Array(0);
  let encryptedSn = null;
  if (ballot.sn !== undefined && ballot.sn !== null) {
    const sn = BigInt(ballot.sn);
    if (sn < 0n) throw new RangeError('a ballot serial number is non-negative');
    encryptedSn = elgamalEncrypt(k, sn, serialNumberNonce(he, xiB)); // eq. 24 form
  }
  return {
    ballotId: ballot.ballotId,
    ballotStyleId: ballot.style,
    encryptingDevice: ballot.device,
    timestamp: ballot.timestamp,
    codeBaux: baux,
    confirmationCode: confirmationCode(he, encrypted.map((c) => c.contestHash), baux),
    electionId: he,
    contests: encrypted,
    encryptedSn,
  };
}

