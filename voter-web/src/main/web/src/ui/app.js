/**
 * The voter page: load credentials, fetch and check the election (in the worker), show the
 * ballot, encrypt in the worker with a progress bar, show the confirmation code, then challenge
 * (the worker opens and checks the ballot, the page posts it as CHALLENGED) or cast (WebCrypto
 * signs H_E ∥ H(B) with the voter's key, the page posts it and verifies the node's receipt).
 * Every failure ends as one sentence in the alert region; nothing is sent except through the
 * same-origin API.
 * @module
 */
import { concat, fromBase64, fromHex, toBase64Url, utf8 } from '../eg/bytes.js';
import { browserLanguage, language, setLanguage, t } from './i18n.js';
import { receiptSignatureValid } from './receipt.js';

const $ = (id) => document.getElementById(id);

/** A failure meant for the voter: a message key and its parameters. */
class UiError extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

const state = {
  credentials: null, // {voterId, electionId, style, token, key (CryptoKey), expiry}
  election: null, // from the worker: {id, status, scope, contests, nodeKeys}, and nodeUrls
  encrypted: null, // {code, castJson, challengeJson, ms}
  choices: {},
  receipt: null,
  worker: null,
};

// ---- worker calls --------------------------------------------------------------------------

let nextId = 1;
const calls = new Map();

function worker() {
  if (!state.worker) {
    if (typeof Worker === 'undefined' || !globalThis.crypto?.subtle) throw new UiError('errBrowser');
    state.worker = new Worker('/web/encrypt-worker.js');
    state.worker.onmessage = (ev) => {
      const { id, progress, ok, result, error } = ev.data;
      const c = calls.get(id);
      if (!c) return;
      if (progress) {
        c.onProgress?.(progress.done, progress.total);
        return;
      }
      calls.delete(id);
      if (ok) c.resolve(result);
      else c.reject(error);
    };
    state.worker.onerror = (ev) => {
      for (const c of calls.values()) c.reject({ message: ev.message || 'the encryption worker failed' });
      calls.clear();
    };
  }
  return state.worker;
}

function call(cmd, args, onProgress) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    calls.set(id, { resolve, reject, onProgress });
    worker().postMessage({ id, cmd, args });
  });
}

// ---- the API -------------------------------------------------------------------------------

/**
 * Calls the API of the node at {@code base} ('' for the page's own node); the body must be the
 * API's JSON, or it is a malformed response. A node that cannot be reached, or that answers 503
 * (no majority, log not writable, rebuilding, overloaded), throws an error marked {@code retryable}:
 * that node acknowledged nothing, and another node may.
 */
async function api(path, options = {}, base = '') {
  let res;
  try {
    res = await fetch(base + path, { ...options, headers: { accept: 'application/json', ...(options.headers ?? {}) }, cache: 'no-store' });
  } catch {
    throw Object.assign(new UiError('errUnreachable'), { retryable: true });
  }
  const text = await res.text().catch(() => '');
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw Object.assign(new UiError('errMalformed', { why: `HTTP ${res.status}, not JSON` }), { retryable: res.status === 503 });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new UiError('errMalformed', { why: `HTTP ${res.status}, not a JSON object` });
  }
  if (res.status >= 400) {
    if (typeof body.error !== 'string') throw new UiError('errMalformed', { why: `HTTP ${res.status} without an error reason` });
    const e = refusal(body.error, String(body.message ?? ''));
    if (res.status === 503) {
      e.retryable = true;
      e.unavailable = true;
    }
    throw e;
  }
  return { status: res.status, body };
}

/** The other nodes' origins the election named, checked (scheme://host[:port], nothing else). */
function otherNodes() {
  const urls = state.election?.nodeUrls ?? {};
  return Object.values(urls)
    .filter((u) => typeof u === 'string' && /^https?:\/\/[A-Za-z0-9.\[\]:-]+$/.test(u) && u !== window.location.origin);
}

/**
 * Calls the API on the page's own node, and when it cannot be reached or answers 503, on each of
 * the cluster's other nodes in turn. The error when none answers says that nothing was cast.
 */
async function apiOnAnyNode(path, options = {}) {
  let last;
  for (const base of ['', ...otherNodes()]) {
    try {
      return await api(path, options, base);
    } catch (e) {
      if (!e?.retryable) throw e;
      last = e;
    }
  }
  if (last?.unavailable) throw new UiError('errNoNodeAvailable');
  throw new UiError('errNoNodeReachable');
}

function refusal(reason, message) {
  if (reason === 'token_expired') return new UiError('errTokenExpired');
  if (reason.startsWith('token_') || ['not_a_voter', 'style_not_granted'].includes(reason)) return new UiError('errToken', { why: message });
  if (reason === 'election_not_open') return new UiError('errClosed');
  if (reason === 'voted_in_person') return new UiError('errInPerson');
  return new UiError('errRefused', { why: message || reason });
}

// ---- credentials ---------------------------------------------------------------------------

function base64UrlJson(part) {
  return JSON.parse(new TextDecoder().decode(fromBase64(part)));
}

async function readCredentials(text) {
  let c;
  try {
    c = JSON.parse(text);
  } catch {
    throw new UiError('errCredentials', { why: 'not JSON' });
  }
  for (const f of ['voter_id', 'election_id', 'ballot_style', 'token', 'private_key']) {
    if (typeof c?.[f] !== 'string' || !c[f]) throw new UiError('errCredentials', { why: `no ${f}` });
  }
  if (!/^[0-9a-f]{64}$/.test(c.election_id)) throw new UiError('errCredentials', { why: 'election_id is not an election id' });
  let claims;
  try {
    const parts = c.token.split('.');
    if (parts.length !== 3) throw new Error();
    claims = base64UrlJson(parts[1]);
  } catch {
    throw new UiError('errCredentials', { why: 'the token is not a JWT' });
  }
  if (!Number.isFinite(claims?.exp)) throw new UiError('errCredentials', { why: 'the token has no expiry' });
  const expiry = new Date(claims.exp * 1000);
  if (expiry.getTime() < Date.now()) {
    throw new UiError('errExpired', { date: expiry.toLocaleString(language()) });
  }
  let key;
  try {
    key = await crypto.subtle.importKey('pkcs8', fromBase64(c.private_key), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  } catch {
    throw new UiError('errKey');
  }
  return { voterId: c.voter_id, electionId: c.election_id, style: c.ballot_style, token: c.token, key, expiry };
}

async function credentialsText() {
  const file = $('credentials-file').files?.[0];
  if (file) return file.text();
  const pasted = $('credentials-text').value.trim();
  if (pasted) return pasted;
  throw new UiError('errNoCredentials');
}

// ---- rendering -----------------------------------------------------------------------------

function show(stepId) {
  for (const id of ['step-credentials', 'step-ballot', 'step-confirm', 'step-challenge', 'step-done']) {
    $(id).hidden = id !== stepId;
  }
  const heading = $(stepId).querySelector('h2');
  heading?.focus();
}

function showError(e) {
  const box = $('error');
  let text;
  if (e instanceof UiError) text = t(e.key, e.params);
  else if (e?.reason === 'unsupported_group' || e?.reason === 'inconsistent_election' || e?.reason === 'malformed_election') {
    text = t('errElection', { why: e.message });
  } else text = t('errInternal', { why: e?.message ?? String(e) });
  box.textContent = text;
  box.hidden = false;
  box.focus();
  status('');
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function status(text) {
  $('status').textContent = text;
}

function applyStaticTexts() {
  document.documentElement.lang = language();
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const other = language() === 'fr' ? 'en' : 'fr';
  $('lang').textContent = t('otherLanguage');
  $('lang').lang = other;
  document.title = t('title') + ' – evote';
}

function renderBallot() {
  const e = state.election;
  const c = state.credentials;
  $('election-info').textContent = t('electionInfo', { scope: e.scope, style: c.style, voter: c.voterId });
  const box = $('contests');
  box.replaceChildren();
  e.contests.forEach((contest, ci) => {
    const fs = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = contest.name;
    fs.append(legend);
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.id = `hint-${ci}`;
    const single = contest.contestLimit === 1;
    hint.textContent = single ? t('chooseOne') : t('chooseUpTo', { n: contest.contestLimit });
    fs.setAttribute('aria-describedby', hint.id);
    fs.append(hint);
    const chosen = state.choices[contest.contestId] ?? [];
    const options = single ? [{ selectionId: '', label: t('noChoice') }, ...contest.selections] : contest.selections;
    options.forEach((s, si) => {
      const row = document.createElement('div');
      row.className = 'option';
      const input = document.createElement('input');
      input.type = single ? 'radio' : 'checkbox';
      input.name = contest.contestId;
      input.value = s.selectionId;
      input.id = `opt-${ci}-${si}`;
      input.checked = s.selectionId === '' ? chosen.length === 0 : chosen.includes(s.selectionId);
      const label = document.createElement('label');
      label.htmlFor = input.id;
      label.textContent = s.label;
      row.append(input, label);
      fs.append(row);
    });
    box.append(fs);
  });
}

function readChoices() {
  const choices = {};
  for (const contest of state.election.contests) {
    const picked = [...document.querySelectorAll(`input[name="${CSS.escape(contest.contestId)}"]:checked`)]
      .map((i) => i.value).filter((v) => v !== '');
    if (picked.length > contest.contestLimit) {
      throw new UiError('tooMany', { contest: contest.name, n: picked.length, limit: contest.contestLimit });
    }
    choices[contest.contestId] = picked;
  }
  return choices;
}

function renderChoiceList(list, choices) {
  list.replaceChildren();
  for (const contest of state.election.contests) {
    const li = document.createElement('li');
    const ids = choices[contest.contestId] ?? [];
    const names = ids.map((id) => contest.selections.find((s) => s.selectionId === id)?.label ?? id);
    li.textContent = `${contest.name}: ${names.length ? names.join(', ') : t('blank')}`;
    li.dataset.contest = contest.contestId;
    list.append(li);
  }
}

// ---- steps ---------------------------------------------------------------------------------

async function busy(button, work) {
  clearError();
  const buttons = [...document.querySelectorAll('button')];
  buttons.forEach((b) => (b.disabled = true));
  try {
    await work();
  } catch (e) {
    showError(e);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

async function fetchElection(id) {
  const { body } = await api(`/api/elections/${id}`);
  let election;
  try {
    election = await call('load', { definition: body, style: state.credentials.style });
  } catch (e) {
    if (e?.reason === 'unknown_style') throw new UiError('errCredentials', { why: e.message });
    throw e;
  }
  election.nodeUrls = body.node_urls !== null && typeof body.node_urls === 'object' ? body.node_urls : {};
  return election;
}

async function load() {
  const creds = await readCredentials(await credentialsText());
  state.credentials = creds;
  status(t('loading'));
  const election = await fetchElection(creds.electionId);
  if (election.id !== creds.electionId) throw new UiError('errElection', { why: 'another election id' });
  if (election.status === 'CLOSED') throw new UiError('errClosed');
  if (election.status !== 'OPEN') throw new UiError('errNotOpen');
  state.election = election;
  state.choices = {};
  status('');
  renderBallot();
  show('step-ballot');
}

function randomId() {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return 'web-' + [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

async function encrypt() {
  const choices = readChoices();
  state.choices = choices;
  const progress = $('progress');
  progress.value = 0;
  $('progress-box').hidden = false;
  status(t('encrypting'));
  try {
    state.encrypted = await call('encrypt', {
      style: state.credentials.style,
      choices,
      ballotId: randomId(),
      device: 'evote-web',
      timestamp: Math.floor(Date.now() / 1000),
      voter: state.credentials.voterId, // names this page's device when codes are chained
    }, (done, total) => {
      progress.value = Math.round((100 * done) / total);
    });
  } finally {
    $('progress-box').hidden = true;
  }
  status('');
  $('code').textContent = state.encrypted.code;
  $('code').dataset.encryptMs = state.encrypted.ms.toFixed(1);
  $('encrypt-time').textContent = t('encryptedIn', { ms: Math.max(1, Math.round(state.encrypted.ms)) });
  renderChoiceList($('summary'), choices);
  show('step-confirm');
}

/** The voter's signature over "evote-cast-v2" ∥ 0 ∥ H_E ∥ H(B) ∥ state (org.evote.crypto.casting.CastMessage). */
async function sign(code, ballotState) {
  const message = concat(utf8('evote-cast-v2'), new Uint8Array([0]), fromHex(state.election.id), fromHex(code),
    utf8(ballotState));
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, state.credentials.key, message);
  return toBase64Url(new Uint8Array(sig));
}

async function verifyReceipt(r, code, ballotState) {
  const fields = ['election_id', 'ballot_id', 'confirmation_code', 'state', 'node_id', 'log_hash', 'time', 'signature'];
  if (fields.some((f) => typeof r[f] !== 'string') || !Number.isSafeInteger(r.log_position)) {
    throw new UiError('errMalformed', { why: 'the receipt lacks fields' });
  }
  if (r.election_id !== state.election.id || r.confirmation_code !== code || r.state !== ballotState) {
    throw new UiError('errReceipt', { node: r.node_id });
  }
  let keyText = state.election.nodeKeys[r.node_id];
  if (!keyText) {
    const again = await apiOnAnyNode(`/api/elections/${state.election.id}`);
    keyText = again.body.node_keys?.[r.node_id];
  }
  if (!(await receiptSignatureValid(r, keyText))) throw new UiError('errReceipt', { node: r.node_id });
  return r;
}

async function submit(ballotJson, code, ballotState) {
  const body = `{"ballot":${ballotJson},"token":${JSON.stringify(state.credentials.token)},"signature":${JSON.stringify(await sign(code, ballotState))}}`;
  const { body: receipt } = await apiOnAnyNode(`/api/elections/${state.election.id}/ballots`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body,
  });
  const checked = await verifyReceipt(receipt, code, ballotState);
  await call('submitted', { code }); // a chained device continues from this ballot
  return checked;
}

async function challenge() {
  const enc = state.encrypted;
  status(t('challenging'));
  const opened = await call('challenge', { code: enc.code });
  state.encrypted = null;
  const receipt = await submit(enc.challengeJson, enc.code, 'CHALLENGED');
  status('');
  $('challenged-code').textContent = enc.code;
  renderChoiceList($('decrypted'), opened.choices);
  const verdict = $('challenge-verdict');
  verdict.textContent = opened.ok ? t('challengeOk') : t('challengeBad', { problems: opened.problems.join('; ') });
  verdict.className = opened.ok ? 'ok' : 'bad';
  $('challenge-receipt').textContent = t('challengeReceipt', { node: receipt.node_id, pos: receipt.log_position });
  show('step-challenge');
}

async function cast() {
  const enc = state.encrypted;
  status(t('casting'));
  const receipt = await submit(enc.castJson, enc.code, 'CAST');
  await call('forget', { code: enc.code });
  state.encrypted = null;
  state.receipt = receipt;
  status('');
  $('final-code').textContent = receipt.confirmation_code;
  $('receipt-verdict').textContent = t('receiptOk', { node: receipt.node_id });
  $('receipt-verdict').className = 'ok';
  const dl = $('receipt');
  dl.replaceChildren();
  for (const [key, value] of [['receiptNode', receipt.node_id], ['receiptPosition', receipt.log_position],
    ['receiptTime', receipt.time], ['receiptBallot', receipt.ballot_id], ['receiptHash', receipt.log_hash]]) {
    const dt = document.createElement('dt');
    dt.textContent = t(key);
    const dd = document.createElement('dd');
    dd.textContent = String(value);
    dl.append(dt, dd);
  }
  const link = $('receipt-download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([JSON.stringify(receipt, null, 2) + '\n'], { type: 'application/json' }));
  link.download = `receipt-${receipt.confirmation_code}.json`;
  $('board-status').textContent = '';
  $('site-link').href = `/site/?election=${state.election.id}`;
  show('step-done');
}

async function checkStatus() {
  $('board-status').textContent = t('checking');
  const { body } = await api(`/api/elections/${state.election.id}/ballots/${state.receipt.confirmation_code}`);
  // While voting is open a node says only "recorded" (nobody holding a code learns whether its
  // voter voted again); once it is closed, the ballot's final state and whether it counts.
  const key = { recorded: 'stateRecorded', cast: 'stateCast', superseded: 'stateSuperseded', overridden: 'stateOverridden',
    challenged: 'stateChallenged' }[body.state];
  if (!key || typeof body.final !== 'boolean' || (body.final && typeof body.counted !== 'boolean')) {
    throw new UiError('errMalformed', { why: 'unknown ballot state' });
  }
  $('board-status').textContent = t(key);
  $('board-status').dataset.state = body.state;
  $('board-status').dataset.counted = body.final ? String(body.counted) : '';
}

function init() {
  setLanguage(browserLanguage());
  applyStaticTexts();
  $('lang').addEventListener('click', () => {
    setLanguage(language() === 'fr' ? 'en' : 'fr');
    applyStaticTexts();
    if (state.election && !$('step-ballot').hidden) {
      try {
        state.choices = readChoices();
      } catch {
        // keep the earlier choices
      }
      renderBallot();
    }
  });
  $('load').addEventListener('click', () => busy($('load'), load));
  $('ballot-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy($('encrypt'), encrypt);
  });
  $('cast').addEventListener('click', () => busy($('cast'), cast));
  $('challenge').addEventListener('click', () => busy($('challenge'), challenge));
  $('change').addEventListener('click', () => {
    if (state.encrypted) call('forget', { code: state.encrypted.code }).catch(() => {});
    state.encrypted = null;
    renderBallot();
    show('step-ballot');
  });
  $('again').addEventListener('click', () => {
    renderBallot();
    show('step-ballot');
  });
  $('check-status').addEventListener('click', () => busy($('check-status'), checkStatus));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
