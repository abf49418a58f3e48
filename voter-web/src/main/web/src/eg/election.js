/**
 * An election as a client receives it from GET /api/elections/{id}: the group constants, the
 * manifest, election_config and election_initialized in egk-ec's JSON. Before the page encrypts
 * anything it checks what the server sent, as the Java client does: the group is P-256 with its
 * standard constants, H_P, H_M and H_B are recomputed (spec eq. 4, 6, 7), every guardian's
 * Schnorr proofs verify (Verification 2), K is the product of the guardians' keys (eq. 22) and
 * H_E = H(H_B; 0x12, K) (eq. 23). Anything wrong is an {@link ElectionError} with a reason.
 * @module
 */
import { equalBytes, fromBase64, fromHex, toBigInt, toHex } from './bytes.js';
import { Hash } from './hash.js';
import { P256, parameterBaseHash } from './group.js';
import { parseManifest } from './manifest.js';
import { ElectionError } from './errors.js';

export { ElectionError };

function field(obj, name, type, where) {
  const v = obj?.[name];
  const ok = type === 'array' ? Array.isArray(v) : typeof v === type && v !== null;
  if (!ok) throw new ElectionError('malformed_election', `${where}.${name} is missing or not a ${type}`);
  return v;
}

function hash32(obj, name, where) {
  let b;
  try {
    b = fromBase64(field(obj, name, 'string', where));
  } catch (e) {
    if (e instanceof ElectionError) throw e;
    throw new ElectionError('malformed_election', `${where}.${name} is not base64`);
  }
  if (b.length !== 32) throw new ElectionError('malformed_election', `${where}.${name} is not 32 bytes`);
  return b;
}

function element(obj, name, where) {
  try {
    return P256.decodeElement(fromBase64(field(obj, name, 'string', where)));
  } catch (e) {
    if (e instanceof ElectionError) throw e;
    throw new ElectionError('malformed_election', `${where}.${name}: ${e.message}`);
  }
}

function scalar(obj, name, where) {
  try {
    return P256.decodeScalar(fromBase64(field(obj, name, 'string', where)));
  } catch (e) {
    if (e instanceof ElectionError) throw e;
    throw new ElectionError('malformed_election', `${where}.${name}: ${e.message}`);
  }
}

function checkConstants(constants) {
  const name = field(constants, 'name', 'string', 'constants');
  if (name !== P256.name) {
    throw new ElectionError('unsupported_group', `this client encrypts for P-256 elections only, not ${name}`);
  }
  const given = field(constants, 'constants', 'object', 'constants');
  for (const [k, v] of Object.entries(P256.constants)) {
    let x;
    try {
      x = toBigInt(fromHex((given[k] ?? '').length % 2 ? '0' + given[k] : given[k] ?? ''));
    } catch {
      x = -1n;
    }
    if (given[k] === undefined || x !== v) {
      throw new ElectionError('malformed_election', `constants.${k} is not the P-256 constant`);
    }
  }
}

/** c = H(H_P; 0x10, i, j, K_ij, h) mapped to Z_q (spec eq. 12, Verification 2.C). */
function schnorrChallenge(hp, i, j, kij, h) {
  return P256.hashToScalar(
    Hash.key(hp).domain(0x10).int32(i).int32(j).bytes(P256.encode(kij), P256.encode(h)).digest());
}

/**
 * Parses and checks a definition.
 * @param {object} definition the parsed JSON of GET /api/elections/{id}
 * @returns the election: {id, status, group, manifest, he (32 bytes), k (point), nodeKeys}
 */
export function loadElection(definition) {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new ElectionError('malformed_election', 'the election definition is not a JSON object');
  }
  checkConstants(field(definition, 'constants', 'object', '$'));
  let manifestBytes;
  try {
    manifestBytes = fromBase64(field(definition, 'manifest_base64', 'string', '$'));
  } catch (e) {
    if (e instanceof ElectionError) throw e;
    throw new ElectionError('malformed_election', 'manifest_base64 is not base64');
  }
  const manifest = parseManifest(manifestBytes);
  const config = field(definition, 'election_config', 'object', '$');
  const init = field(definition, 'election_initialized', 'object', '$');

  const hp = parameterBaseHash();
  if (!equalBytes(hp, hash32(config, 'parameter_base_hash', 'election_config'))) {
    throw new ElectionError('inconsistent_election', 'election_config: parameter_base_hash is not H_P of P-256');
  }
  const hm = Hash.key(hp).domain(0x01).lengthPrefixed(manifestBytes).digest();
  if (!equalBytes(hm, hash32(config, 'manifest_hash', 'election_config'))) {
    throw new ElectionError('inconsistent_election', 'election_config: manifest_hash does not match the manifest');
  }
  const n = field(config, 'number_of_guardians', 'number', 'election_config');
  const quorum = field(config, 'quorum', 'number', 'election_config');
  if (!Number.isInteger(n) || !Number.isInteger(quorum) || n < 1 || quorum < 1 || quorum > n) {
    throw new ElectionError('malformed_election', 'election_config: number_of_guardians and quorum must be integers with 1 <= quorum <= n');
  }
  const hb = Hash.key(hp).domain(0x02).uint256(hm).int32(n).int32(quorum).digest();
  if (!equalBytes(hb, hash32(config, 'election_base_hash', 'election_config'))) {
    throw new ElectionError('inconsistent_election', 'election_config: election_base_hash does not match');
  }
  const guardians = field(init, 'guardians', 'array', 'election_initialized');
  if (guardians.length !== n) {
    throw new ElectionError('inconsistent_election', `election_initialized has ${guardians.length} guardians, the config says ${n}`);
  }
  let k = P256.identity;
  guardians.forEach((g, gi) => {
    const where = `election_initialized.guardians[${gi}]`;
    const i = field(g, 'x_coordinate', 'number', where);
    const proofs = field(g, 'coefficient_proofs', 'array', where);
    if (proofs.length !== quorum) {
      throw new ElectionError('inconsistent_election', `${where} has ${proofs.length} commitments, expected ${quorum}`);
    }
    proofs.forEach((p, j) => {
      const pw = `${where}.coefficient_proofs[${j}]`;
      const kij = element(p, 'public_key', pw);
      const c = scalar(p, 'challenge', pw);
      const v = scalar(p, 'response', pw);
      const h = P256.multiExp(P256.g, v, kij, c); // Verification 2.1: h = g^v K^c
      if (schnorrChallenge(hp, i, j, kij, h) !== c) {
        throw new ElectionError('inconsistent_election', `${pw}: the Schnorr proof does not verify (2.C)`);
      }
      if (j === 0) k = k.add(kij);
    });
  });
  const jointKey = element(init, 'joint_public_key', 'election_initialized');
  if (!jointKey.equals(k)) {
    throw new ElectionError('inconsistent_election', 'election_initialized: joint_public_key is not the product of the guardians\' keys');
  }
  const he = Hash.key(hb).domain(0x12).bytes(P256.encode(jointKey)).digest();
  if (!equalBytes(he, hash32(init, 'extended_base_hash', 'election_initialized'))) {
    throw new ElectionError('inconsistent_election', 'election_initialized: extended_base_hash does not match');
  }
  const nodeKeys = definition.node_keys && typeof definition.node_keys === 'object' ? definition.node_keys : {};
  // Spec §3.4.3: whether each device chains its confirmation codes, and the configured B_aux,0.
  const chainCodes = field(config, 'chain_confirmation_codes', 'boolean', 'election_config');
  let baux0;
  try {
    baux0 = fromBase64(field(config, 'baux0', 'string', 'election_config'));
  } catch (e) {
    if (e instanceof ElectionError) throw e;
    throw new ElectionError('malformed_election', 'election_config.baux0 is not base64');
  }
  return Object.freeze({
    id: toHex(he),
    status: typeof definition.status === 'string' ? definition.status : 'UNKNOWN',
    manifest,
    he,
    k: P256.fixedBase(jointKey),
    kBytes: P256.encode(jointKey),
    nodeKeys,
    chainCodes,
    baux0,
  });
}
