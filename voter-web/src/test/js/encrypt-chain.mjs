// Encrypts one device's chain of ballots with the page's own modules under Node, as the page's
// worker does (ui/worker.js): loadElection, a DeviceChain (eg/chain.js) made from the voter's id and
// a random session, encryptBallot with the chain's next B_aux, and chain.submitted after each ballot
// as the page reports a receipted submission. For ballot-server's ChainedCodesTest. Reads
// {definition, voter, label, ballots: [{ballotId, style, choices, timestamp, state}]} as JSON on
// stdin; writes {device, ballots: [eballot text]} on stdout. The web folder is the first argument.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const web = process.argv[2];
const load = (p) => import(pathToFileURL(join(web, 'src/eg', p)).href);
const { loadElection } = await load('election.js');
const { encryptBallot } = await load('encrypt.js');
const { writeEncryptedBallot } = await load('record.js');
const { DeviceChain, SESSION_BYTES } = await load('chain.js');
const { verifyWithNonce } = await load('challenge.js');

const input = JSON.parse(readFileSync(0, 'utf8'));
const election = loadElection(input.definition);
if (!election.chainCodes) throw new Error('the election does not chain its confirmation codes');
const chain = new DeviceChain(election, input.label, input.voter, crypto.getRandomValues(new Uint8Array(SESSION_BYTES)));
const ballots = input.ballots.map((b) => {
  const xiB = crypto.getRandomValues(new Uint8Array(32));
  const ballot = encryptBallot(election, { ...b, device: chain.device, codeBaux: chain.nextBaux() }, xiB);
  // A challenged ballot is opened with its nonce, as the page does before it posts it.
  const opened = verifyWithNonce(election, ballot, xiB);
  if (!opened.ok) throw new Error(`the page's nonce check fails on a chained ballot: ${opened.problems.join('; ')}`);
  if (!chain.submitted(ballot)) throw new Error('the chain did not move on to the submitted ballot');
  return writeEncryptedBallot(ballot, b.state);
});
process.stdout.write(JSON.stringify({ device: chain.device, ballots }));
