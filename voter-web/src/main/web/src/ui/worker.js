/**
 * The encryption worker: holds the checked election, encrypts ballots off the page's main thread
 * (posting progress after each option), and opens a ballot with its nonce when the voter
 * challenges it. A ballot nonce never leaves this worker except as the result of a challenge.
 * Messages: {id, cmd: 'load' | 'encrypt' | 'challenge' | 'submitted' | 'forget', ...} → {id, ok, result | error}
 * and {id, progress: {done, total}}. When the election chains confirmation codes (spec §3.4.3), this
 * worker's life (one load of the page) is one device: 'encrypt' continues its chain from the last
 * ballot the page reported 'submitted' (eg/chain.js).
 * @module
 */
import { loadElection } from '../eg/election.js';
import { encryptBallot, validateChoices } from '../eg/encrypt.js';
import { verifyWithNonce } from '../eg/challenge.js';
import { writeEncryptedBallot } from '../eg/record.js';
import { toHex } from '../eg/bytes.js';
import { DeviceChain, SESSION_BYTES } from '../eg/chain.js';
import { P256 } from '../eg/group.js';

let election = null;
const pending = new Map();
/** This page's device chain, made at the first encryption of a chained election. */
let chain = null;
/** Encrypted ballots by code, until submitted or forgotten, for the chain. */
const unsubmitted = new Map();

function describe(election, style) {
  const m = election.manifest;
  const contests = m.contestsForStyle(style);
  if (!contests) {
    const e = new Error(`the election has no ballot style '${style}'`);
    e.reason = 'unknown_style';
    throw e;
  }
  return {
    id: election.id,
    status: election.status,
    scope: m.electionScopeId,
    names: m.names,
    startDate: m.startDate,
    endDate: m.endDate,
    nodeKeys: election.nodeKeys,
    contests: contests.map((c) => ({
      contestId: c.contestId,
      name: c.name,
      contestLimit: c.contestLimit,
      optionLimit: c.optionLimit,
      selections: c.selections.map((s) => ({ selectionId: s.selectionId, label: m.optionLabel(s) })),
    })),
  };
}

const commands = {
  load({ definition, style }) {
    election = loadElection(definition);
    pending.clear();
    unsubmitted.clear();
    chain = null;
    // Build the tables for g and K now, so that encrypting is quick when the voter asks.
    P256.gExp(3n);
    P256.exp(election.k, 3n);
    return describe(election, style);
  },

  encrypt({ style, choices, ballotId, device, timestamp, voter }, progress) {
    // The encryptor would record an over-vote (spec §3.3.3); the page never lets a voter cast one.
    const problems = validateChoices(election.manifest, style, choices);
    if (problems.length) throw new RangeError(`these choices cannot be cast: ${problems.join('; ')}`);
    const xiB = crypto.getRandomValues(new Uint8Array(32));
    const t0 = performance.now();
    let name = device;
    let codeBaux;
    if (election.chainCodes) {
      chain ??= new DeviceChain(election, device, voter, crypto.getRandomValues(new Uint8Array(SESSION_BYTES)));
      name = chain.device;
      codeBaux = chain.nextBaux();
    }
    const ballot = encryptBallot(election, { ballotId, style, choices, device: name, timestamp, codeBaux }, xiB, progress);
    const ms = performance.now() - t0;
    const code = toHex(ballot.confirmationCode);
    pending.set(code, { ballot, xiB });
    unsubmitted.set(code, ballot);
    return {
      code,
      ms,
      castJson: writeEncryptedBallot(ballot, 'CAST'),
      challengeJson: writeEncryptedBallot(ballot, 'CHALLENGED'),
    };
  },

  challenge({ code }) {
    const p = pending.get(code);
    if (!p) throw new Error('this ballot is no longer held by the page');
    pending.delete(code);
    const r = verifyWithNonce(election, p.ballot, p.xiB);
    return { ...r, nonce: toHex(p.xiB) };
  },

  /** The ballot with this code was submitted and receipted: it ends this device's chain now. */
  submitted({ code }) {
    const ballot = unsubmitted.get(code);
    unsubmitted.delete(code);
    return ballot !== undefined && chain !== null && chain.submitted(ballot);
  },

  forget({ code }) {
    pending.delete(code);
    unsubmitted.delete(code);
    return true;
  },
};

self.onmessage = (ev) => {
  const { id, cmd, args } = ev.data ?? {};
  try {
    const f = commands[cmd];
    if (!f) throw new Error(`unknown command ${cmd}`);
    if (cmd !== 'load' && !election) throw new Error('no election is loaded');
    const result = f(args ?? {}, (done, total) => self.postMessage({ id, progress: { done, total } }));
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    self.postMessage({ id, ok: false, error: { name: e?.name, reason: e?.reason, message: String(e?.message ?? e) } });
  }
};
