/**
 * Writes an encrypted ballot as egk-ec's eballot JSON, byte for byte as
 * org.evote.crypto.record.RecordCodec.writeEncryptedBallot does: egk-ec's field order, elements
 * and scalars and hashes in standard base64, code_baux in upper-case hex, a null encrypted_sn
 * omitted, pretty-printed as kotlinx does (four-space indents, "key": value, empty arrays and
 * objects over two lines).
 * @module
 */
import { toBase64, toHex } from './bytes.js';
import { P256 } from './group.js';

/** kotlinx.serialization's prettyPrint layout of a JSON value whose objects are Maps or plain objects. */
export function kotlinxJson(value, level = 0) {
  const indent = (n) => '\n' + '    '.repeat(n);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[' + indent(level) + ']';
    return '[' + value.map((v) => indent(level + 1) + kotlinxJson(v, level + 1)).join(',') + indent(level) + ']';
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{' + indent(level) + '}';
    return '{' + entries.map(([k, v]) => indent(level + 1) + JSON.stringify(k) + ': ' + kotlinxJson(v, level + 1)).join(',')
      + indent(level) + '}';
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

const el = (p) => toBase64(P256.encode(p));
const sc = (s) => toBase64(P256.encodeScalar(s));

function rangeProof(proofs) {
  return { proofs: proofs.map((p) => ({ challenge: sc(p.challenge), response: sc(p.response) })) };
}

/** The eballot JSON object of a ballot from encryptBallot, with its state (CAST, CHALLENGED or UNKNOWN). */
export function encryptedBallotObject(b, state) {
  if (!['CAST', 'CHALLENGED', 'UNKNOWN'].includes(state)) throw new RangeError(`unknown ballot state ${state}`);
  return {
    ballot_id: b.ballotId,
    ballot_style_id: b.ballotStyleId,
    encrypting_device: b.encryptingDevice,
    timestamp: b.timestamp,
    code_baux: toHex(b.codeBaux).toUpperCase(),
    confirmation_code: toBase64(b.confirmationCode),
    election_id: toBase64(b.electionId),
    contests: b.contests.map((c) => ({
      contest_id: c.contestId,
      sequence_order: c.sequenceOrder,
      contest_hash: toBase64(c.contestHash),
      selections: c.selections.map((s) => ({
        selection_id: s.selectionId,
        sequence_order: s.sequenceOrder,
        encrypted_vote: { pad: el(s.encryptedVote.pad), data: el(s.encryptedVote.data) },
        proof: rangeProof(s.proof),
      })),
      proof: rangeProof(c.proof),
      encrypted_contest_data: {
        c0: el(c.contestData.c0),
        c1: toBase64(c.contestData.c1),
        c2: toBase64(c.contestData.c2),
        numBytes: c.contestData.numBytes,
      },
    })),
    state,
    ...(b.encryptedSn ? { encrypted_sn: { pad: el(b.encryptedSn.pad), data: el(b.encryptedSn.data) } } : {}),
    is_preencrypt: false,
  };
}

/** The eballot file text, identical to RecordCodec.writeEncryptedBallot's bytes. */
export function writeEncryptedBallot(b, state) {
  return kotlinxJson(encryptedBallotObject(b, state));
}
