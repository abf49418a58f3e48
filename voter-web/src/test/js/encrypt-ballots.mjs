// Encrypts ballots with the page's ElectionGuard code under Node, for the Java cross-check
// (voter-client's BrowserEncryptionCrossCheckTest). Reads {definition, ballots: [{ballotId,
// style, choices, nonce (hex), device, timestamp, state}]} as JSON on stdin and writes a JSON array
// of eballot texts, in order, on stdout. The web folder is the first argument.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const web = process.argv[2];
const load = (p) => import(pathToFileURL(join(web, 'src/eg', p)).href);
const { loadElection } = await load('election.js');
const { encryptBallot } = await load('encrypt.js');
const { writeEncryptedBallot } = await load('record.js');
const { verifyWithNonce } = await load('challenge.js');
const { fromHex } = await load('bytes.js');

const input = JSON.parse(readFileSync(0, 'utf8'));
const election = loadElection(input.definition);
const out = input.ballots.map((b) => {
  const nonce = fromHex(b.nonce);
  const ballot = encryptBallot(election, b, nonce);
  const opened = verifyWithNonce(election, ballot, nonce);
  if (!opened.ok) throw new Error(`the page's own nonce check fails: ${opened.problems.join('; ')}`);
  return { json: writeEncryptedBallot(ballot, b.state), decrypted: opened.choices };
});
process.stdout.write(JSON.stringify(out));
