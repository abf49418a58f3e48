/**
 * Verifying a challenged ballot with its nonce (spec §3.6.5, "Verifying decryption with nonces"):
 * with ξ_B revealed, each selection decrypts as β / K^ξ = K^σ with ξ from eq. 25, after checking
 * α = g^ξ, and σ is found among 0..R (Verification 13.A, 13.B); the contest data decrypts with its
 * own nonce (eq. 50). Finally the ballot is encrypted again from the decrypted choices with the same
 * nonce, and the two must be identical, proofs and confirmation code included.
 * @module
 */
import { equalBytes, int32, toHex, utf8 } from './bytes.js';
import { Hash, hmacSha256 } from './hash.js';
import { P256 } from './group.js';
import { contestDataNonce, encryptBallot, selectionNonce } from './encrypt.js';
import { writeEncryptedBallot } from './record.js';

const G = P256;

function decryptContestData(election, contestId, data, xi) {
  const beta = G.exp(election.k, xi);
  const c0 = G.encode(data.c0);
  const key = Hash.key(election.he).domain(0x22).bytes(election.kBytes, c0, G.encode(beta)).digest();
  const context = utf8('contest_data' + contestId);
  const kdf = (i) => hmacSha256(key, int32(i), utf8('share_enc_keys'), new Uint8Array([0]), context, int32(data.numBytes * 8));
  if (!equalBytes(hmacSha256(kdf(0), c0, data.c1), data.c2)) return null;
  const out = new Uint8Array(data.c1.length);
  for (let i = 0; i < data.c1.length / 32; i++) {
    const ki = kdf(i + 1);
    for (let j = 0; j < 32; j++) out[i * 32 + j] = data.c1[i * 32 + j] ^ ki[j];
  }
  return out.subarray(0, data.numBytes);
}

/**
 * Decrypts a ballot from encryptBallot with its nonce and checks it by re-encryption.
 * @returns {{ok: boolean, problems: string[], choices: Object<string, string[]>, code: string}}
 */
export function verifyWithNonce(election, ballot, xiB) {
  const problems = [];
  const choices = {};
  const contests = election.manifest.contestsForStyle(ballot.ballotStyleId) ?? [];
  for (const c of ballot.contests) {
    const mc = contests.find((x) => x.contestId === c.contestId);
    if (!mc) {
      problems.push(`contest ${c.contestId} is not on the ballot style`);
      continue;
    }
    choices[c.contestId] = [];
    for (const s of c.selections) {
      const xi = selectionNonce(election.he, xiB, c.sequenceOrder, s.sequenceOrder);
      if (!s.encryptedVote.pad.equals(G.gExp(xi))) {
        problems.push(`${c.contestId}/${s.selectionId}: α is not g^ξ for the revealed nonce`);
        continue;
      }
      const kSigma = s.encryptedVote.data.subtract(G.exp(election.k, xi)); // β / K^ξ = K^σ
      let sigma = -1;
      let power = G.identity;
      for (let v = 0; v <= mc.optionLimit; v++) {
        if (kSigma.equals(power)) {
          sigma = v;
          break;
        }
        power = power.add(election.k);
      }
      if (sigma < 0) {
        problems.push(`${c.contestId}/${s.selectionId}: the vote is not in 0..${mc.optionLimit} (13.B)`);
        continue;
      }
      for (let v = 0; v < sigma; v++) choices[c.contestId].push(s.selectionId);
    }
    if (choices[c.contestId].length > mc.contestLimit) problems.push(`${c.contestId}: more votes than the contest limit (13.C)`);
    if (!decryptContestData(election, c.contestId, c.contestData, contestDataNonce(election.he, xiB, c.sequenceOrder))) {
      problems.push(`${c.contestId}: the contest data does not decrypt with the revealed nonce`);
    }
  }
  if (problems.length === 0) {
    const again = encryptBallot(election, {
      ballotId: ballot.ballotId, style: ballot.ballotStyleId, choices,
      device: ballot.encryptingDevice, timestamp: ballot.timestamp, codeBaux: ballot.codeBaux,
    }, xiB);
    if (writeEncryptedBallot(again, 'UNKNOWN') !== writeEncryptedBallot(ballot, 'UNKNOWN')) {
      problems.push('encrypting the decrypted choices again with the nonce does not give the same ballot');
    }
  }
  return { ok: problems.length === 0, problems, choices, code: toHex(ballot.confirmationCode) };
}
