/**
 * Chained confirmation codes (ElectionGuard 2.0 §3.4.3, eq. 59-60) as evote's devices make them,
 * following the Java classes org.evote.crypto.election.ChainDevices and ConfirmationCodes. A
 * device is one voting session of one voter's client (here: one load of the page); its name is
 * <label>-<voter tag>-<session>, the voter tag being the first 16 bytes of
 * SHA-256("evote-chain-device-v1" ∥ 0x00 ∥ UTF-8(voter id)) and the session 8 random bytes, both in
 * lower-case hex. With an empty configured B_aux,0 the device's B_aux,0 is its name's UTF-8 (egk-ec).
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { Hash } from './hash.js';
import { concat, equalBytes, toHex, utf8 } from './bytes.js';

/** The bytes of a device name's session part. */
export const SESSION_BYTES = 8;
const LABEL = /^[A-Za-z0-9._-]{1,32}$/;

/** The voter tag of a device name. */
export function voterTag(voter) {
  if (typeof voter !== 'string') throw new TypeError('the voter id is a string');
  return toHex(sha256(concat(utf8('evote-chain-device-v1'), new Uint8Array([0]), utf8(voter)))).slice(0, 32);
}

/** A device's name: label (1 to 32 of A-Z a-z 0-9 . _ -), voter tag, session (8 bytes). */
export function deviceName(label, voter, session) {
  if (typeof label !== 'string' || !LABEL.test(label)) throw new RangeError(`a device label is 1 to 32 of A-Z a-z 0-9 . _ -, not "${label}"`);
  if (!(session instanceof Uint8Array) || session.length !== SESSION_BYTES) throw new RangeError(`a device session is ${SESSION_BYTES} bytes`);
  return `${label}-${voterTag(voter)}-${toHex(session)}`;
}

/** B_aux,0 of a device: the configured one, or the device name's UTF-8 when that is empty (egk-ec). */
export function deviceBaux0(configBaux0, device) {
  return configBaux0.length ? configBaux0 : utf8(device);
}

/** H_0 = H(H_E; 0x24, B_aux,0), eq. 59. */
export function chainStart(he, baux0) {
  return Hash.key(he).domain(0x24).bytes(baux0).digest();
}

/** B_aux,j = H_j-1 ∥ B_aux,0, eq. 60. */
export function chainedBaux(previous, baux0) {
  if (!(previous instanceof Uint8Array) || previous.length !== 32) throw new TypeError('a confirmation code is 32 bytes');
  return concat(previous, baux0);
}

/**
 * One device's chain: the B_aux of its next ballot, and the code its chain ends with. The chain
 * moves on only when a ballot was submitted and receipted ({@link DeviceChain#submitted}): a ballot
 * encrypted and then dropped is never part of it.
 */
export class DeviceChain {
  #baux0;
  #head;

  /**
   * @param election from loadElection, with chainCodes set
   * @param {string} label the client's label
   * @param {string} voter the voter's id (the token's subject)
   * @param {Uint8Array} session SESSION_BYTES random bytes
   */
  constructor(election, label, voter, session) {
    this.device = deviceName(label, voter, session);
    this.#baux0 = deviceBaux0(election.baux0, this.device);
    this.#head = chainStart(election.he, this.#baux0);
    Object.freeze(this);
  }

  /** B_aux for the next ballot of this device. */
  nextBaux() {
    return chainedBaux(this.#head, this.#baux0);
  }

  /** After the ballot was submitted: it ends the chain now, if it continued it. */
  submitted(ballot) {
    if (ballot.encryptingDevice === this.device && equalBytes(ballot.codeBaux, this.nextBaux())) {
      this.#head = ballot.confirmationCode;
      return true;
    }
    return false;
  }
}
