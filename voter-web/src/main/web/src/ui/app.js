/**
 * The voter page: load credentials, fetch and check the election (in the worker) and the
 * credentials against it, show the ballot in the voter's language, encrypt in the worker with a
 * progress bar, show the confirmation code, then audit (the worker opens and checks the ballot,
 * the page posts it as CHALLENGED and offers the audit data for an independent check) or cast
 * (WebCrypto signs H_E ∥ H(B) with the voter's key, the page posts it and verifies the node's
 * receipt). Every failure ends as one sentence in the voter's language in the alert region, with
 * codes and server messages only behind "details"; nothing is sent except through the nodes' API.
 * @module
 */
import { concat, fromBase64, fromHex, toBase64Url, utf8 } from '../eg/bytes.js';
import { fillRows, initLanguage, language, t } from './i18n.js';
import { codeGroups, formatTime, localize } from './labels.js';
import { receiptSignatureValid } from './receipt.js';
import { serverErrorKey } from './server-errors.js';
import * as signIn from './signin.js';

const $ = (id) => document.getElementById(id);

/**
 * A failure meant for the voter: a message key and its parameters, and the technical details
 * ([label key, value] rows) shown only behind "details".
 */
class UiError extends Error {
  constructor(key, params = {}, details = []) {
    super(key);
    this.key = key;
    this.params = params;
    this.details = details;
  }
}

const state = {
  credentials: null, // {voterId, electionId, style, token, claims, key (CryptoKey), expiry}
  election: null, // from the worker: {id, status, scope, names, startDate, endDate, contests, nodeKeys}, and nodeUrls, labels
  encrypted: null, // {code, castJson, challengeJson, ms}: encrypted, neither cast nor audited yet
  choices: {},
  receipt: null,
  worker: null,
  error: null, // the error shown, to show it again in the other language
  view: null, // fills the shown step's texts in the page's language
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
 * that node acknowledged nothing, and another node may. A refusal becomes the sentence of its
 * error code (server-errors.js); the code and the node's message go to the details.
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
    throw Object.assign(new UiError('errMalformed', {}, [['errorCode', `HTTP ${res.status}, not JSON`]]), { retryable: res.status === 503 });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new UiError('errMalformed', {}, [['errorCode', `HTTP ${res.status}, not a JSON object`]]);
  }
  if (res.status >= 400) {
    if (typeof body.error !== 'string') throw new UiError('errMalformed', {}, [['errorCode', `HTTP ${res.status} without an error code`]]);
    const e = new UiError(serverErrorKey(body.error), {},
      [['errorCode', `${body.error} (HTTP ${res.status})`], ['errorMessage', String(body.message ?? '')]]);
    e.code = body.error;
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
  if (last?.unavailable) throw new UiError('errNoNodeAvailable', {}, last.details);
  throw new UiError('errNoNodeReachable');
}

// ---- credentials ---------------------------------------------------------------------------

function base64UrlJson(part) {
  return JSON.parse(new TextDecoder().decode(fromBase64(part)));
}

const bad = (why) => new UiError('errCredentials', {}, [['errorCode', why]]);

/** Reads a credentials file (./evote idp issue): its fields, the token's claims and the key. */
async function readCredentials(text) {
  let c;
  try {
    c = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  for (const f of ['voter_id', 'election_id', 'ballot_style', 'token', 'private_key']) {
    if (typeof c?.[f] !== 'string' || !c[f]) throw bad(`no ${f}`);
  }
  if (!/^[0-9a-f]{64}$/.test(c.election_id)) throw bad('election_id is not an election id');
  let claims;
  try {
    const parts = c.token.split('.');
    if (parts.length !== 3) throw new Error();
    claims = base64UrlJson(parts[1]);
  } catch {
    throw bad('the token is not a JWT');
  }
  if (claims === null || typeof claims !== 'object') throw bad('the token has no claims');
  if (!Number.isFinite(claims.exp)) throw bad('the token has no expiry');
  let key;
  try {
    key = await crypto.subtle.importKey('pkcs8', fromBase64(c.private_key), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  } catch {
    throw new UiError('errKey');
  }
  return {
    voterId: c.voter_id, electionId: c.election_id, style: c.ballot_style, token: c.token, claims, key,
    expiry: new Date(claims.exp * 1000),
  };
}

/**
 * Checks, before the ballot is shown, what the node would refuse only at Cast: the token's time,
 * election and ballot style; that the voter's key is the one the token binds (cnf.jwk: a test
 * signature must verify with it). With {@link checkIssuer}, this is for the voter's sake (a clear
 * message at "Show my ballot"), not the election's: the node checks all of it again.
 */
async function checkCredentials(creds) {
  const now = Date.now();
  const claims = creds.claims;
  if (creds.expiry.getTime() < now) {
    throw new UiError('errExpired', { date: formatTime(creds.expiry.toISOString(), language()) }, [['techExpiry', creds.expiry.toISOString()]]);
  }
  if (Number.isFinite(claims.nbf) && claims.nbf * 1000 > now + 60_000) throw new UiError('errTokenNotYet');
  if (claims.election !== creds.electionId) {
    throw new UiError('errTokenElection', {}, [['techElection', String(claims.election)], ['errorCode', 'token_wrong_election']]);
  }
  if (claims.style !== creds.style) throw new UiError('errTokenStyle', {}, [['techStyle', String(claims.style)]]);
  const jwk = claims.cnf?.jwk;
  let bound;
  try {
    bound = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  } catch {
    throw bad('the token binds no P-256 key (cnf.jwk)');
  }
  const probe = crypto.getRandomValues(new Uint8Array(32));
  const alg = { name: 'ECDSA', hash: 'SHA-256' };
  const probeSig = await crypto.subtle.sign(alg, creds.key, probe);
  if (!(await crypto.subtle.verify(alg, bound, probeSig, probe))) {
    throw new UiError('errKeyMismatch', {}, [['errorCode', 'the private key is not the key of the token\'s cnf.jwk']]);
  }
}

/** When the election names its identity provider's key, the token's ES256 signature must verify with it. */
async function checkIssuer(creds, idpKeyBase64) {
  if (typeof idpKeyBase64 !== 'string' || idpKeyBase64 === '') return;
  const [header, payload, signature] = creds.token.split('.');
  let idp;
  try {
    idp = await crypto.subtle.importKey('spki', fromBase64(idpKeyBase64), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  } catch {
    throw new UiError('errElection', {}, [['errorCode', 'idp_public_key is not a P-256 key']]);
  }
  let ok = false;
  try {
    ok = base64UrlJson(header)?.alg === 'ES256'
      && await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, idp, fromBase64(signature), utf8(`${header}.${payload}`));
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new UiError('errWrongProvider', {}, [['errorCode', 'token_forged: the token\'s signature does not verify with the election\'s idp_public_key']]);
  }
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
  $(stepId).querySelector('h2')?.focus();
}

function renderError(focus) {
  const e = state.error;
  const box = $('error');
  let key = 'errInternal';
  let params = {};
  let details = [];
  if (e instanceof UiError) {
    ({ key, params, details } = e);
  } else if (['unsupported_group', 'inconsistent_election', 'malformed_election'].includes(e?.reason)) {
    key = 'errElection';
    details = [['errorCode', `${e.reason}: ${e.message}`]];
  } else {
    details = [['errorCode', String(e?.message ?? e)]];
  }
  box.textContent = t(key, params);
  box.dataset.key = key;
  box.hidden = false;
  fillRows($('error-tech'), details);
  $('error-details').hidden = details.length === 0;
  if (focus) box.focus();
}

function showError(e) {
  state.error = e;
  renderError(true);
  status('');
}

function clearError() {
  state.error = null;
  $('error').hidden = true;
  $('error').textContent = '';
  $('error-details').hidden = true;
  $('error-details').open = false;
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

/** The ballot as the voter reads it, in the page's language (labels.js). */
function ballotView() {
  return localize(state.election, state.election.labels, language());
}

/** A confirmation code in blocks of 4 that wrap between blocks; the element keeps the whole code. */
function renderCode(el, code) {
  el.replaceChildren();
  codeGroups(code).forEach((g, i) => {
    if (i > 0) el.append(' ');
    const span = document.createElement('span');
    span.className = 'code-group';
    span.textContent = g;
    el.append(span);
  });
  el.dataset.code = code;
}

function isBlank(choices) {
  return Object.values(choices).every((c) => c.length === 0);
}

function renderBallot() {
  const e = state.election;
  const c = state.credentials;
  const v = ballotView();
  $('election-name').textContent = v.name;
  const start = formatTime(e.startDate, language());
  const end = formatTime(e.endDate, language());
  $('election-dates').textContent = start && end ? t('electionDates', { start, end }) : '';
  $('election-dates').hidden = !(start && end);
  fillRows($('election-tech'), [['techElection', e.id], ['techScope', e.scope], ['techStyle', c.style], ['techVoter', c.voterId],
    ['techExpiry', c.expiry.toISOString()]]);
  const box = $('contests');
  box.replaceChildren();
  e.contests.forEach((contest, ci) => {
    const fs = document.createElement('fieldset');
    fs.id = `contest-${ci}`;
    fs.dataset.contest = contest.contestId;
    const legend = document.createElement('legend');
    legend.textContent = v.contests[ci].title;
    fs.append(legend);
    const single = contest.contestLimit === 1;
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.id = `hint-${ci}`;
    hint.textContent = single ? t('chooseOne') : t('chooseUpTo', { n: contest.contestLimit });
    const counter = document.createElement('p');
    counter.className = 'counter';
    counter.id = `count-${ci}`;
    counter.setAttribute('aria-live', 'polite');
    const err = document.createElement('p');
    err.className = 'field-error';
    err.id = `err-${ci}`;
    err.setAttribute('aria-live', 'polite');
    fs.append(hint, counter, err);
    const chosen = state.choices[contest.contestId] ?? [];
    const options = single ? [{ selectionId: '', label: t('noChoice') }, ...v.contests[ci].options] : v.contests[ci].options;
    options.forEach((s, si) => {
      const row = document.createElement('div');
      row.className = 'option';
      const input = document.createElement('input');
      input.type = single ? 'radio' : 'checkbox';
      input.name = contest.contestId;
      input.value = s.selectionId;
      input.id = `opt-${ci}-${si}`;
      input.checked = s.selectionId === '' ? chosen.length === 0 : chosen.includes(s.selectionId);
      input.addEventListener('change', () => updateContest(ci));
      const label = document.createElement('label');
      label.htmlFor = input.id;
      label.textContent = s.label;
      row.append(input, label);
      fs.append(row);
    });
    box.append(fs);
    updateContest(ci);
  });
  state.view = () => {
    state.choices = readChoices().choices;
    renderBallot();
  };
}

function picked(contest) {
  return [...document.querySelectorAll(`input[name="${CSS.escape(contest.contestId)}"]:checked`)]
    .map((i) => i.value).filter((v) => v !== '');
}

/** The counter of contest {@code ci}, and its over-vote mark: aria-invalid and an error the fieldset names. */
function updateContest(ci) {
  const contest = state.election.contests[ci];
  const n = picked(contest).length;
  const limit = contest.contestLimit;
  $(`count-${ci}`).textContent = t('counter', { n, limit });
  const over = n > limit;
  const fs = $(`contest-${ci}`);
  fs.classList.toggle('invalid', over);
  fs.setAttribute('aria-describedby', over ? `hint-${ci} count-${ci} err-${ci}` : `hint-${ci} count-${ci}`);
  $(`err-${ci}`).textContent = over ? t('overVote', { n, limit, extra: n - limit }) : '';
  for (const input of fs.querySelectorAll('input')) {
    if (over) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  return over;
}

/** The checked options of each contest, and the indexes of the contests with too many. */
function readChoices() {
  const choices = {};
  const over = [];
  state.election.contests.forEach((contest, ci) => {
    choices[contest.contestId] = picked(contest);
    if (choices[contest.contestId].length > contest.contestLimit) over.push(ci);
  });
  return { choices, over };
}

function renderChoiceList(list, choices) {
  const v = ballotView();
  list.replaceChildren();
  for (const contest of v.contests) {
    const li = document.createElement('li');
    const ids = choices[contest.contestId] ?? [];
    const names = ids.map((id) => contest.options.find((s) => s.selectionId === id)?.label ?? id);
    li.textContent = `${contest.title}: ${names.length ? names.join(', ') : t('blank')}`;
    li.dataset.contest = contest.contestId;
    list.append(li);
  }
}

// ---- steps ---------------------------------------------------------------------------------

async function busy(work) {
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

async function fetchElection(creds) {
  const { body } = await api(`/api/elections/${creds.electionId}`);
  let election;
  try {
    election = await call('load', { definition: body, style: creds.style });
  } catch (e) {
    if (e?.reason === 'unknown_style') throw new UiError('errTokenStyle', {}, [['techStyle', creds.style]]);
    throw e;
  }
  election.nodeUrls = body.node_urls !== null && typeof body.node_urls === 'object' ? body.node_urls : {};
  election.labels = body.labels;
  return { election, idpKey: body.idp_public_key };
}

/** Credentials from a sign-in: the voting token the credential service issued and the key made here. */
function signedInCredentials(issued, key) {
  for (const f of ['voter_id', 'election_id', 'ballot_style', 'token']) {
    if (typeof issued?.[f] !== 'string' || !issued[f]) throw new UiError('errMalformed', {}, [['errorCode', `no ${f}`]]);
  }
  let claims;
  try {
    claims = base64UrlJson(issued.token.split('.')[1]);
  } catch {
    throw new UiError('errMalformed', {}, [['errorCode', 'the voting token is not a JWT']]);
  }
  if (claims === null || typeof claims !== 'object' || !Number.isFinite(claims.exp)) {
    throw new UiError('errMalformed', {}, [['errorCode', 'the voting token has no expiry']]);
  }
  return {
    voterId: issued.voter_id, electionId: issued.election_id, style: issued.ballot_style, token: issued.token, claims, key,
    expiry: new Date(claims.exp * 1000),
  };
}

async function load() {
  await begin(await readCredentials(await credentialsText()));
}

/** The election of the page's address (?election=ID), when its voters sign in: offers the sign-in. */
async function offerSignIn(electionId) {
  const { body } = await api(`/api/elections/${electionId}`);
  const issuer = body.sign_in?.issuer;
  if (typeof issuer !== 'string') return;
  let provider;
  try {
    provider = new URL(issuer).host;
  } catch {
    return;
  }
  // The provider's name as voters know it, when the election office gave one.
  const name = body.sign_in?.name;
  if (typeof name === 'string' && name.trim() !== '') provider = name;
  const render = () => {
    $('sign-in').textContent = t('signIn', { provider });
  };
  render();
  const previous = state.view;
  state.view = () => {
    previous?.();
    render();
  };
  $('sign-in').onclick = () => busy(async () => {
    const url = await signIn.start((path) => apiOnAnyNode(path), electionId, language());
    window.location.assign(url);
  });
  $('sign-in-box').hidden = false;
}

/** Back from the provider: the node turns the code into a voting token, then the ballot is shown. */
async function finishSignIn(code) {
  status(t('signingIn'));
  const { issued, key } = await signIn.finish((path, options) => apiOnAnyNode(path, options), code);
  await begin(signedInCredentials(issued, key));
}

async function begin(creds) {
  status(t('loading'));
  await checkCredentials(creds);
  const { election, idpKey } = await fetchElection(creds);
  if (election.id !== creds.electionId) throw new UiError('errElection', {}, [['techElection', election.id]]);
  await checkIssuer(creds, idpKey);
  if (election.status === 'CLOSED') throw new UiError('errClosed');
  if (election.status !== 'OPEN') throw new UiError('errNotOpen');
  state.credentials = creds;
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

/** Encrypts the choices afresh: a new nonce, a new ballot id, a new confirmation code. */
async function encrypt(choices) {
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
  renderConfirm();
  show('step-confirm');
}

function renderConfirm() {
  const enc = state.encrypted;
  renderCode($('code'), enc.code);
  $('code').dataset.encryptMs = enc.ms.toFixed(1);
  renderChoiceList($('summary'), state.choices);
  $('blank-confirm').hidden = true;
  $('confirm-actions').hidden = false;
  fillRows($('confirm-tech'), [['receiptCode', enc.code], ['techEncryptMs', enc.ms.toFixed(1)], ['techElection', state.election.id]]);
  state.view = () => {
    renderChoiceList($('summary'), state.choices);
    fillRows($('confirm-tech'), [['receiptCode', enc.code], ['techEncryptMs', enc.ms.toFixed(1)], ['techElection', state.election.id]]);
  };
}

async function encryptChoices() {
  const { choices, over } = readChoices();
  if (over.length) {
    over.forEach(updateContest);
    const v = ballotView();
    throw new UiError('tooMany', { contests: over.map((ci) => t('quoted', { text: v.contests[ci].title })).join(', ') });
  }
  await encrypt(choices);
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
    throw new UiError('errMalformed', {}, [['errorCode', 'the receipt lacks fields']]);
  }
  const forged = new UiError('errReceipt', {}, [['receiptNode', r.node_id]]);
  if (r.election_id !== state.election.id || r.confirmation_code !== code || r.state !== ballotState) throw forged;
  let keyText = state.election.nodeKeys[r.node_id];
  if (!keyText) {
    const again = await apiOnAnyNode(`/api/elections/${state.election.id}`);
    keyText = again.body.node_keys?.[r.node_id];
  }
  if (!(await receiptSignatureValid(r, keyText))) throw forged;
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

function download(link, name, text) {
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = name;
}

/**
 * The audit data, as ./evote vote --challenge saves it (challenged-<code>.json), for
 * ./evote vote verify-challenge: the ballot exactly as sent, its revealed nonce, the choices the
 * page found in it and the node's receipt.
 */
function auditData(enc, opened, receipt) {
  return `{\n"election_id": ${JSON.stringify(state.election.id)},\n"confirmation_code": ${JSON.stringify(enc.code)},\n`
    + `"ballot_nonce": ${JSON.stringify(opened.nonce)},\n"decrypted_choices": ${JSON.stringify(opened.choices)},\n`
    + `"verified": ${opened.ok},\n"ballot": ${enc.challengeJson},\n"receipt": ${JSON.stringify(receipt)}\n}\n`;
}

async function challenge() {
  const enc = state.encrypted;
  status(t('challenging'));
  const opened = await call('challenge', { code: enc.code });
  state.encrypted = null;
  const receipt = await submit(enc.challengeJson, enc.code, 'CHALLENGED');
  status('');
  renderCode($('challenged-code'), enc.code);
  const file = `challenged-${enc.code}.json`;
  download($('challenge-download'), file, auditData(enc, opened, receipt));
  $('challenge-command').textContent = `./evote vote verify-challenge ${file} --nodes ${window.location.origin}`;
  const verdict = $('challenge-verdict');
  verdict.className = opened.ok ? 'ok' : 'bad';
  const render = () => {
    renderChoiceList($('decrypted'), opened.choices);
    verdict.textContent = opened.ok ? t('challengeOk') : t('challengeBad');
    $('challenge-receipt').textContent = t('challengeReceipt');
    fillRows($('challenge-tech'), [['receiptCode', enc.code], ['techNonce', opened.nonce], ...opened.problems.map((p) => ['errorCode', p]),
      ['receiptNode', receipt.node_id], ['receiptPosition', receipt.log_position], ['receiptTime', receipt.time],
      ['receiptBallot', receipt.ballot_id], ['receiptHash', receipt.log_hash]]);
  };
  render();
  state.view = render;
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
  renderCode($('final-code'), receipt.confirmation_code);
  $('receipt-verdict').className = 'ok';
  const render = () => {
    $('receipt-verdict').textContent = t('receiptOk', { time: formatTime(receipt.time, language()) });
    fillRows($('receipt'), [['receiptCode', receipt.confirmation_code], ['receiptNode', receipt.node_id],
      ['receiptPosition', receipt.log_position], ['receiptTime', receipt.time], ['receiptBallot', receipt.ballot_id],
      ['receiptHash', receipt.log_hash]]);
    const s = $('board-status').dataset.key;
    $('board-status').textContent = s ? t(s) : '';
  };
  download($('receipt-download'), `receipt-${receipt.confirmation_code}.json`, JSON.stringify(receipt, null, 2) + '\n');
  delete $('board-status').dataset.key;
  $('site-link').href = `/site/?election=${state.election.id}`;
  render();
  state.view = render;
  show('step-done');
}

/** Cast: a blank ballot first asks, in the page, whether the voter means it. */
function castPressed() {
  if (isBlank(state.choices) && $('blank-confirm').hidden) {
    $('blank-confirm').hidden = false;
    $('confirm-actions').hidden = true;
    $('blank-warning').focus();
    return;
  }
  busy(cast);
}

async function checkStatus() {
  $('board-status').textContent = t('checking');
  const { body } = await api(`/api/elections/${state.election.id}/ballots/${state.receipt.confirmation_code}`);
  // While voting is open a node says only "recorded" (nobody holding a code learns whether its
  // voter voted again); once it is closed, the ballot's final state and whether it counts.
  const key = { recorded: 'stateRecorded', cast: 'stateCast', superseded: 'stateSuperseded', overridden: 'stateOverridden',
    challenged: 'stateChallenged' }[body.state];
  if (!key || typeof body.final !== 'boolean' || (body.final && typeof body.counted !== 'boolean')) {
    throw new UiError('errMalformed', {}, [['errorCode', 'unknown ballot state']]);
  }
  $('board-status').textContent = t(key);
  $('board-status').dataset.key = key;
  $('board-status').dataset.state = body.state;
  $('board-status').dataset.counted = body.final ? String(body.counted) : '';
}

function backToChoices() {
  if (state.encrypted) call('forget', { code: state.encrypted.code }).catch(() => {});
  state.encrypted = null;
  clearError();
  renderBallot();
  show('step-ballot');
}

function init() {
  initLanguage($('lang'), applyStaticTexts, () => {
    state.view?.();
    if (state.error) renderError(false);
  });
  $('load').addEventListener('click', () => busy(load));
  $('ballot-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(encryptChoices);
  });
  $('cast').addEventListener('click', castPressed);
  $('blank-cast').addEventListener('click', () => busy(cast));
  $('blank-back').addEventListener('click', backToChoices);
  $('challenge').addEventListener('click', () => busy(challenge));
  $('change').addEventListener('click', backToChoices);
  $('again').addEventListener('click', () => busy(() => encrypt(state.choices)));
  $('again-change').addEventListener('click', backToChoices);
  $('check-status').addEventListener('click', () => busy(checkStatus));
  const back = signIn.returned(window.location.search);
  const electionId = back?.electionId ?? new URLSearchParams(window.location.search).get('election');
  if (back) {
    // The provider's code, state and issuer leave the address bar (and the history) at once.
    window.history.replaceState(null, '', back.electionId ? `/?election=${back.electionId}` : '/');
  }
  if (electionId && /^[0-9a-f]{64}$/.test(electionId)) {
    busy(async () => {
      await offerSignIn(electionId);
      if (back?.code) await finishSignIn(back.code);
      else if (back) throw new UiError('errSignIn', {}, [['errorCode', back.error]]);
    });
  }
  // A ballot encrypted but neither cast nor audited: leaving would lose it without a word.
  window.addEventListener('beforeunload', (ev) => {
    if (state.encrypted) {
      ev.preventDefault();
      ev.returnValue = t('leaving');
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
