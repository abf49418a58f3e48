/**
 * A node's signed receipt (org.evote.crypto.casting.Receipts and crypto/record/ReceiptJson):
 * its shape and its signature, checked with WebCrypto. The voter page checks the receipt it gets
 * when casting; the public site checks a receipt file a voter opens and the receipt a node shows
 * for a code.
 * @module
 */
import { fromBase64, utf8 } from '../eg/bytes.js';

/** The receipt's fields, in the order the node signs them. */
export const RECEIPT_FIELDS = ['election_id', 'ballot_id', 'confirmation_code', 'state', 'node_id', 'log_position',
  'log_hash', 'time', 'signature'];

/** The bytes a node signs in a receipt (org.evote.crypto.casting.Receipts). */
export function receiptBytes(r) {
  return utf8(['evote-receipt-v1', r.election_id, r.ballot_id, r.confirmation_code, r.state, r.node_id,
    String(r.log_position), r.log_hash, r.time].join('\n'));
}

/**
 * Whether a value has a receipt's shape: every field, of its type, and no other field; the code
 * and the log hash 64 lower-case hex digits.
 */
export function isReceipt(r) {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return false;
  if (Object.keys(r).some((k) => !RECEIPT_FIELDS.includes(k))) return false;
  const strings = RECEIPT_FIELDS.filter((f) => f !== 'log_position');
  if (strings.some((f) => typeof r[f] !== 'string')) return false;
  if (!Number.isSafeInteger(r.log_position) || r.log_position < 0) return false;
  return /^[0-9a-f]{64}$/.test(r.confirmation_code) && /^[0-9a-f]{64}$/.test(r.log_hash);
}

/**
 * Whether the receipt's signature verifies with the node's public key (base64 SubjectPublicKeyInfo,
 * P-256, ECDSA over SHA-256). A missing or unreadable key or signature is a failed check.
 */
export async function receiptSignatureValid(r, nodeKeyBase64) {
  if (typeof nodeKeyBase64 !== 'string' || nodeKeyBase64 === '') return false;
  try {
    const key = await crypto.subtle.importKey('spki', fromBase64(nodeKeyBase64), { name: 'ECDSA', namedCurve: 'P-256' },
      false, ['verify']);
    return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, fromBase64(r.signature), receiptBytes(r));
  } catch {
    return false;
  }
}
