// Known-answer tests of the page's ElectionGuard code under Node, for voter-web's
// JavaScriptKnownAnswerTest. Usage: node known-answers.mjs <web dir> <mode> [<shared dir>]
//   mode "egk-ec":  encrypts egk-ec's P-256 KAT ballots (<shared>/conformance/egk-ec-kat/P-256) for
//                   the election of the record allAvailableEc and compares every field with egk-ec's
//                   eballot.json;
//   mode "rfc9380": runs expand_message_xmd, as the group's hashToScalar calls it, on RFC 9380
//                   Appendix K.1's SHA-256 vectors.
// Writes "checked N" on the first line of stdout, then one line per failure.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [web, mode, shared] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(join(web, 'src/eg', p)).href);
const { fromHex, toBase64, toHex, utf8 } = await load('bytes.js');
const { expandMessageXmd } = await load('group.js');

/** RFC 9380 Appendix K.1: expand_message_xmd(SHA-256), its DST and ten (msg, len_in_bytes, uniform_bytes). */
const K1_DST = 'QUUX-V01-CS02-with-expander-SHA256-128';
const Q128 = 'q128_' + 'q'.repeat(128);
const A512 = 'a512_' + 'a'.repeat(512);
const K1 = [
  ['', 0x20, '68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235'],
  ['abc', 0x20, 'd8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615'],
  ['abcdef0123456789', 0x20, 'eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1'],
  [Q128, 0x20, 'b23a1d2b4d97b2ef7785562a7e8bac7eed54ed6e97e29aa51bfe3f12ddad1ff9'],
  [A512, 0x20, '4623227bcc01293b8c130bf771da8c298dede7383243dc0993d2d94823958c4c'],
  ['', 0x80, 'af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0dd4d5e69e93eb7cd4f5df4cd103e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec849469b979d444cf7b26911a08e63cf31f9dcc541708d3491184472c2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f0ced'],
  ['abc', 0x80, 'abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a647e6c3163d40b76a73cf6a5674ef1d890f95b664ee0afa5359a5c4e07985635bbecbac65d747d3d2da7ec2b8221b17b0ca9dc8a1ac1c07ea6a1e60583e2cb00058e77b7b72a298425cd1b941ad4ec65e8afc50303a22c0f99b0509b4c895f40'],
  ['abcdef0123456789', 0x80, 'ef904a29bffc4cf9ee82832451c946ac3c8f8058ae97d8d629831a74c6572bd9ebd0df635cd1f208e2038e760c4994984ce73f0d55ea9f22af83ba4734569d4bc95e18350f740c07eef653cbb9f87910d833751825f0ebefa1abe5420bb52be14cf489b37fe1a72f7de2d10be453b2c9d9eb20c7e3f6edc5a60629178d9478df'],
  [Q128, 0x80, '80be107d0884f0d881bb460322f0443d38bd222db8bd0b0a5312a6fedb49c1bbd88fd75d8b9a09486c60123dfa1d73c1cc3169761b17476d3c6b7cbbd727acd0e2c942f4dd96ae3da5de368d26b32286e32de7e5a8cb2949f866a0b80c58116b29fa7fabb3ea7d520ee603e0c25bcaf0b9a5e92ec6a1fe4e0391d1cdbce8c68a'],
  [A512, 0x80, '546aff5444b5b79aa6148bd81728704c32decb73a3ba76e9e75885cad9def1d06d6792f8a7d12794e90efed817d96920d728896a4510864370c207f99bd4a608ea121700ef01ed879745ee3e4ceef777eda6d9e5e38b90c86ea6fb0b36504ba4a45d22e86f6db5dd43d98a294bebb9125d5b794e9d2a81181066eb954966a487'],
];

function rfc9380() {
  const failures = [];
  for (const [msg, len, want] of K1) {
    const got = toHex(expandMessageXmd(utf8(msg), utf8(K1_DST), len));
    if (got !== want) {
      failures.push(`msg "${msg.slice(0, 20)}${msg.length > 20 ? '...' : ''}", len_in_bytes ${len}: got ${got}`);
    }
  }
  return { checked: K1.length, failures };
}

/**
 * Every difference between two parsed JSON values, as "path: ours X, egk-ec's Y". Elements,
 * scalars and hashes are standard base64 of fixed-width bytes and code_baux is upper-case hex, so
 * equal strings mean equal decoded values; the order of fields does not matter.
 */
function diff(path, ours, theirs, out) {
  if (Array.isArray(theirs)) {
    if (!Array.isArray(ours) || ours.length !== theirs.length) {
      out.push(`${path}: ours has ${Array.isArray(ours) ? ours.length : 'no'} items, egk-ec's ${theirs.length}`);
      return;
    }
    theirs.forEach((t, i) => diff(`${path}[${i}]`, ours[i], t, out));
  } else if (theirs !== null && typeof theirs === 'object') {
    if (ours === null || typeof ours !== 'object' || Array.isArray(ours)) {
      out.push(`${path}: ours is not an object`);
      return;
    }
    for (const k of new Set([...Object.keys(theirs), ...Object.keys(ours)])) {
      if (!(k in ours)) out.push(`${path}.${k}: missing from ours`);
      else if (!(k in theirs)) out.push(`${path}.${k}: ours has it, egk-ec's does not`);
      else diff(`${path}.${k}`, ours[k], theirs[k], out);
    }
  } else if (ours !== theirs) {
    out.push(`${path}: ours ${JSON.stringify(ours)}, egk-ec's ${JSON.stringify(theirs)}`);
  }
}

async function egkEc() {
  const { loadElection } = await load('election.js');
  const { encryptBallot } = await load('encrypt.js');
  const { encryptedBallotObject } = await load('record.js');
  const record = join(shared, 'conformance/egk-ec/allAvailableEc');
  const kat = join(shared, 'conformance/egk-ec-kat/P-256');
  const json = (p) => JSON.parse(readFileSync(p, 'utf8'));
  const election = loadElection({
    constants: json(join(record, 'constants.json')),
    manifest_base64: toBase64(readFileSync(join(record, 'manifest.json'))),
    election_config: json(join(record, 'election_config.json')),
    election_initialized: json(join(record, 'election_initialized.json')),
  });
  const vectors = readdirSync(kat).filter((d) => d.startsWith('ballot-')).sort();
  const failures = [];
  for (const v of vectors) {
    const dir = join(kat, v);
    const inputs = json(join(dir, 'inputs.json'));
    // sn is a 64-bit integer: read it as a bigint, not a double.
    const plainText = readFileSync(join(dir, 'plaintext.json'), 'utf8');
    const plaintext = JSON.parse(plainText);
    const snMatch = /"sn"\s*:\s*(\d+)/.exec(plainText);
    const expected = json(join(dir, 'eballot.json'));
    if (inputs.chaining !== false) failures.push(`${v}: expected chaining false`);
    // The page's choices: contest id → the chosen option ids, an option once per vote.
    const choices = {};
    for (const c of plaintext.contests) {
      choices[c.contest_id] = c.selections.flatMap((s) => Array(s.vote).fill(s.selection_id));
      if (c.write_ins.length) failures.push(`${v}: the page has no write-ins`);
    }
    const ballot = encryptBallot(election, {
      ballotId: plaintext.ballot_id,
      style: plaintext.ballot_style,
      choices,
      device: inputs.encrypting_device,
      timestamp: inputs.timestamp,
      codeBaux: fromHex(inputs.code_baux_hex),
      sn: snMatch ? BigInt(snMatch[1]) : undefined,
    }, fromHex(inputs.primary_nonce_hex));
    const out = [];
    diff('$', encryptedBallotObject(ballot, inputs.state), expected, out);
    failures.push(...out.map((d) => `${v}: ${d}`));
  }
  return { checked: vectors.length, failures };
}

const result = mode === 'rfc9380' ? rfc9380() : mode === 'egk-ec' ? await egkEc() : null;
if (!result) {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
process.stdout.write([`checked ${result.checked}`, ...result.failures].join('\n') + '\n');
