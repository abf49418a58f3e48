/**
 * The public election site, read-only, served by every node at /site/: the election's name,
 * dates, state and live turnout, and what is on the ballot (in the page's language when the
 * election has labels in several languages, else with the manifest's names); after the tally, the
 * results per contest as bar charts (SVG, with every name and number in text), the blank votes,
 * the verifier's report check by check and the whole record to download; "check my ballot" (a code or a receipt file: the receipt's
 * signature is checked here with the node's key, and its log position and hash compared with the
 * board); the public ballot box, page by page and node by node, searchable by code. It talks only
 * to its own node's public API. While voting is open, nodes say only that a ballot is recorded;
 * once it is closed, whether it counts (see README, "Limits and threat model").
 * @module
 */
import { addStrings, fillRows, initLanguage, language, t } from '../ui/i18n.js';
import { isReceipt, receiptSignatureValid } from '../ui/receipt.js';
import { SITE_STRINGS } from './strings.js';

addStrings(SITE_STRINGS);

const $ = (id) => document.getElementById(id);
const CODE = /^[0-9a-f]{64}$/;
/** Log records per page of the ballot box. */
const PAGE = 20;

/** A failure meant for the reader: a message key and its parameters. */
class SiteError extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

const state = {
  electionId: null,
  election: null, // {status, manifest, nodeKeys, labels, contests}
  turnout: null,
  node: null, // the ballot box's node
  from: 0,
  previous: [], // the starts of the pages before this one
  next: null,
  timer: null,
  results: {}, // element id prefix → the outcome last shown there, shown again on a language switch
  tally: null, // the published results, once the officials published them
  resultsTimer: null,
  chartWidth: 0,
  runs: 0, // look-ups done, so that a reader (or a test) can tell a new outcome from the one before
};

// ---- the API -------------------------------------------------------------------------------

/** GETs the node's public API; a 404 answer is returned, other failures throw. */
async function get(path) {
  let res;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new SiteError('siteErrUnreachable');
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new SiteError('siteErrMalformed', { why: `HTTP ${res.status}` });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SiteError('siteErrMalformed', { why: `HTTP ${res.status}` });
  }
  if (res.status === 404) return { status: 404, body };
  if (res.status !== 200) throw new SiteError('siteErrRefused', { why: String(body.message ?? body.error ?? res.status) });
  return { status: 200, body };
}

function decodeManifest(b64) {
  try {
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const m = JSON.parse(new TextDecoder().decode(bytes));
    return m !== null && typeof m === 'object' ? m : {};
  } catch {
    return {};
  }
}

// ---- rendering -----------------------------------------------------------------------------

function showError(e) {
  const box = $('error');
  box.textContent = e instanceof SiteError ? t(e.key, e.params) : t('siteErrInternal', { why: e?.message ?? String(e) });
  box.hidden = false;
  box.focus();
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function applyStaticTexts() {
  document.documentElement.lang = language();
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('lang').textContent = t('otherLanguage');
  $('lang').lang = language() === 'fr' ? 'en' : 'fr';
  $('box-prev').setAttribute('aria-label', t('sitePrevLabel'));
  $('box-next').setAttribute('aria-label', t('siteNextLabel'));
}

function formatDate(iso) {
  const d = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(d.getTime())) return null;
  return new Intl.DateTimeFormat(language() === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

function formatNumber(n) {
  return new Intl.NumberFormat(language() === 'fr' ? 'fr-FR' : 'en-GB').format(n);
}

// ---- labels ---------------------------------------------------------------------------------

/**
 * The labels the election was created with (labels.json: the election's name, contest titles and
 * option names per language), or null. The node checked them against the manifest; this page
 * still reads them defensively and falls back to the manifest's names for anything missing.
 */
function readLabels(l) {
  if (l === null || typeof l !== 'object' || Array.isArray(l) || !Array.isArray(l.languages)) return null;
  const obj = (x) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? x : {});
  return { languages: l.languages, election: obj(l.election), contests: obj(l.contests) };
}

/** A label map's text in the page's language, or null when it has none. */
function labelText(map) {
  const v = map !== null && typeof map === 'object' ? map[language()] : undefined;
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** A manifest's contests in ballot order, each with its options in order, as {id, name, options: [{id, name}]}. */
function contestsOf(m) {
  const candidates = new Map((Array.isArray(m.candidates) ? m.candidates : []).map((c) => [c?.object_id, c?.name]));
  const contests = (Array.isArray(m.contests) ? m.contests : []).filter((c) => typeof c?.object_id === 'string');
  return [...contests].sort((a, b) => (a.sequence_order ?? 0) - (b.sequence_order ?? 0)).map((c) => ({
    id: c.object_id,
    name: typeof c.name === 'string' && c.name !== '' ? c.name : c.object_id,
    votesAllowed: Number.isSafeInteger(c.votes_allowed) ? c.votes_allowed : 1,
    options: (Array.isArray(c.ballot_selections) ? c.ballot_selections : []).filter((s) => typeof s?.object_id === 'string')
      .sort((a, b) => (a.sequence_order ?? 0) - (b.sequence_order ?? 0))
      .map((s) => ({ id: s.object_id, name: candidates.get(s.candidate_id) || s.object_id })),
  }));
}

/** A contest's title in the page's language: its label, else the manifest's name. */
function contestTitle(c) {
  return labelText(state.election.labels?.contests?.[c.id]?.title) ?? c.name;
}

/** An option's name in the page's language: its label, else the manifest's candidate name. */
function optionName(c, o) {
  return labelText(state.election.labels?.contests?.[c.id]?.options?.[o.id]) ?? o.name;
}

/** The election's name in the page's language: its label, else the manifest's name, else its scope id. */
function electionName(m) {
  const label = labelText(state.election?.labels?.election);
  if (label) return label;
  const names = Array.isArray(m.name) ? m.name.filter((n) => typeof n?.value === 'string' && n.value !== '') : [];
  const mine = names.find((n) => String(n.language ?? '').toLowerCase().startsWith(language()));
  return (mine ?? names[0])?.value ?? (typeof m.election_scope_id === 'string' ? m.election_scope_id : t('siteUnnamed'));
}

function stateText(status) {
  return t({ CREATED: 'siteStateCreated', OPEN: 'siteStateOpen', CLOSED: 'siteStateClosed' }[status] ?? 'siteStateUnknown');
}

function renderElection() {
  const e = state.election;
  const m = e.manifest;
  document.title = `${electionName(m)} – evote`;
  $('election-name').textContent = electionName(m);
  $('election-state').textContent = stateText(e.status);
  $('election-state').dataset.status = e.status;
  const start = formatDate(m.start_date);
  const end = formatDate(m.end_date);
  $('election-dates').textContent = start && end ? t('siteDates', { start, end }) : '';
  $('election-id').textContent = state.electionId;
  $('election-scope').textContent = typeof m.election_scope_id === 'string' ? m.election_scope_id : '';
  fillRows($('node-keys'), Object.entries(e.nodeKeys).sort().map(([n, k]) => ['siteNodeKey', `${n}: ${k}`]));
  renderBallot();
  renderTurnout();
  renderResults();
}

/** What is on the ballot: each contest's title and its options, in the page's language. */
function renderBallot() {
  const box = $('ballot-contests');
  box.replaceChildren();
  for (const c of state.election.contests) {
    const h = document.createElement('h3');
    h.textContent = contestTitle(c);
    h.dataset.contest = c.id;
    const ul = document.createElement('ul');
    for (const o of c.options) {
      const li = document.createElement('li');
      li.textContent = optionName(c, o);
      li.dataset.option = o.id;
      ul.append(li);
    }
    box.append(h, ul);
  }
  $('ballot').hidden = state.election.contests.length === 0;
}

function renderTurnout() {
  const tu = state.turnout;
  if (!tu) return;
  $('ballots-cast').textContent = formatNumber(tu.ballots_cast);
  $('ballots-cast').dataset.value = String(tu.ballots_cast);
  $('voters').textContent = formatNumber(tu.voters);
  $('voters').dataset.value = String(tu.voters);
  $('voters-in-person').textContent = formatNumber(tu.voters_in_person);
  $('voters-in-person').dataset.value = String(tu.voters_in_person);
  $('turnout-note').textContent = state.election.status === 'OPEN' ? t('siteTurnoutLive') : t('siteTurnoutNote');
}

// ---- results --------------------------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';

function svg(name, attrs = {}) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function formatPercent(x) {
  return new Intl.NumberFormat(language() === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(x);
}

/** A label cut into lines of at most {@code width} characters, at spaces when it can be. */
function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/**
 * One contest's bar chart, as SVG: per option (and the blank votes) its name and number in text
 * on a line of their own, then its bar, so that it reads without colour and at any width.
 */
function chart(c, result, index) {
  const width = Math.max(260, Math.min(640, $('results-contests').clientWidth || 600));
  const ballots = Number.isSafeInteger(result.ballots) ? result.ballots : null;
  const rows = c.options.map((o) => {
    const sel = result.selections.find((s) => s.selection_id === o.id);
    const votes = Number.isSafeInteger(sel?.votes) ? sel.votes : 0;
    const name = optionName(c, o);
    const one = votes === 1 ? 'One' : '';
    const text = ballots ? t(`siteResultsVotes${one}`, { name, votes: formatNumber(votes), pct: formatPercent(votes / ballots) })
      : t(`siteResultsVotesNoPct${one}`, { name, votes: formatNumber(votes) });
    return { id: o.id, votes, text, blank: false };
  });
  if (Number.isSafeInteger(result.blank)) {
    rows.push({ id: '', votes: result.blank, text: t('siteResultsBlank', { votes: formatNumber(result.blank) }), blank: true });
  }
  const max = Math.max(1, ...rows.map((r) => r.votes));
  const lineHeight = 22;
  const barHeight = 20;
  const perLine = Math.max(20, Math.floor(width / 9.5));
  const titleId = `chart-title-${index}`;
  const root = svg('svg', { class: 'chart', role: 'img', width, 'aria-labelledby': titleId });
  const title = svg('title', { id: titleId });
  title.textContent = t('siteResultsChart', { title: contestTitle(c), list: rows.map((r) => r.text).join('; ') });
  root.append(title);
  let y = 0;
  for (const r of rows) {
    const g = svg('g', { 'data-option': r.id, 'data-votes': r.votes, class: r.blank ? 'row blank' : 'row' });
    for (const line of wrap(r.text, perLine)) {
      y += lineHeight;
      const text = svg('text', { x: 0, y: y - 5 });
      text.textContent = line;
      g.append(text);
    }
    g.append(svg('rect', { class: 'track', x: 0.5, y: y + 0.5, width: width - 1, height: barHeight }));
    const w = Math.round(((width - 2) * r.votes) / max);
    if (w > 0) g.append(svg('rect', { class: r.blank ? 'bar blank' : 'bar', x: 1, y: y + 1, width: w, height: barHeight - 1 }));
    y += barHeight + 10;
    root.append(g);
  }
  root.setAttribute('height', String(y));
  root.setAttribute('viewBox', `0 0 ${width} ${y}`);
  return root;
}

function renderResults() {
  const r = state.tally;
  const box = $('results-contests');
  if (!r) {
    $('results').hidden = state.election?.status !== 'CLOSED';
    $('results-summary').textContent = t('siteResultsWaiting');
    box.replaceChildren();
    $('results-published').hidden = true;
    return;
  }
  $('results').hidden = false;
  $('results-published').hidden = false;
  $('results-summary').textContent = t('siteResultsSummary', { ballots: formatNumber(r.ballots_counted), official: String(r.official) });
  $('results-summary').dataset.ballots = String(r.ballots_counted);
  box.replaceChildren();
  state.election.contests.forEach((c, i) => {
    const result = r.contests.find((x) => x.contest_id === c.id);
    if (!result) return;
    const section = document.createElement('section');
    section.className = 'contest-result';
    section.dataset.contest = c.id;
    section.setAttribute('aria-labelledby', `result-title-${i}`);
    const h = document.createElement('h3');
    h.id = `result-title-${i}`;
    h.textContent = contestTitle(c);
    const p = document.createElement('p');
    p.className = 'small';
    p.textContent = Number.isSafeInteger(result.ballots)
      ? t('siteResultsBallots', { ballots: formatNumber(result.ballots), blank: formatNumber(result.blank) })
      : t('siteResultsBallotsUnknown');
    section.append(h, chart(c, result, i), p);
    box.append(section);
  });
  const rep = r.report;
  $('report-verdict').textContent = t(`siteVerdict${rep.verdict}`);
  $('report-verdict').dataset.verdict = rep.verdict;
  const list = $('report-checks');
  list.replaceChildren();
  for (const ch of rep.checks) {
    const li = document.createElement('li');
    li.dataset.check = ch.id;
    li.dataset.status = ch.status;
    const id = document.createElement('strong');
    id.textContent = `${ch.id} `;
    const outcome = document.createElement('span');
    outcome.className = 'outcome';
    outcome.dataset.status = ch.status;
    outcome.textContent = t(`siteCheck${ch.status}`);
    const name = document.createElement('span');
    name.textContent = ` – ${ch.name}`;
    const detail = document.createElement('span');
    detail.className = 'detail';
    detail.lang = 'en'; // the verifier writes its details in English
    detail.textContent = ch.detail;
    name.lang = 'en';
    li.append(id, outcome, name, detail);
    list.append(li);
  }
  $('record-link').href = `/api/elections/${state.electionId}/record.zip`;
}

/** Reads the results the officials published, if any (404 until then). */
async function loadResults() {
  if (state.election.status !== 'CLOSED') return;
  const { status, body } = await get(`/api/elections/${state.electionId}/results`);
  const ok = status === 200 && Array.isArray(body.contests) && body.report && Array.isArray(body.report.checks);
  state.tally = ok ? body : null;
  renderResults();
  if (!ok && !state.resultsTimer) state.resultsTimer = setInterval(() => loadResults().catch(() => {}), 30000);
  if (ok && state.resultsTimer) {
    clearInterval(state.resultsTimer);
    state.resultsTimer = null;
  }
}

// ---- loading -------------------------------------------------------------------------------

async function loadElection() {
  const [{ status, body }, turnout] = await Promise.all([get(`/api/elections/${state.electionId}`),
    get(`/api/elections/${state.electionId}/live-turnout`)]);
  if (status === 404 || turnout.status === 404) throw new SiteError('siteErrNoElection');
  const nodeKeys = body.node_keys !== null && typeof body.node_keys === 'object' ? body.node_keys : {};
  const manifest = decodeManifest(body.manifest_base64);
  state.election = { status: String(body.status), manifest, nodeKeys, labels: readLabels(body.labels), contests: contestsOf(manifest) };
  state.turnout = turnout.body;
  const nodes = Object.keys(nodeKeys).sort();
  const select = $('box-node');
  select.replaceChildren(...nodes.map((n) => Object.assign(document.createElement('option'), { value: n, textContent: n })));
  state.node = nodes[0] ?? null;
  renderElection();
  for (const id of ['election', 'check', 'box']) $(id).hidden = false;
  await loadResults();
  await loadPage(0, []);
  if (state.election.status === 'OPEN') state.timer = setInterval(() => refreshTurnout().catch(() => {}), 15000);
}

async function refreshTurnout() {
  const { status, body } = await get(`/api/elections/${state.electionId}/live-turnout`);
  if (status !== 200) return;
  state.turnout = body;
  if (body.status !== state.election.status) {
    state.election.status = String(body.status);
    renderElection();
    await loadResults();
  } else renderTurnout();
}

async function listElections() {
  const { body } = await get('/api/elections');
  const list = Array.isArray(body.elections) ? body.elections.filter((e) => CODE.test(e?.election_id ?? '')) : [];
  if (list.length === 1) {
    state.electionId = list[0].election_id;
    return loadElection();
  }
  const ul = $('election-list');
  ul.replaceChildren();
  for (const e of list) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `/site/?election=${e.election_id}`;
    a.textContent = `${e.election_id.slice(0, 12)}… (${stateText(e.status)})`;
    li.append(a);
    ul.append(li);
  }
  if (list.length === 0) ul.append(Object.assign(document.createElement('li'), { textContent: t('siteNoElections') }));
  $('elections').hidden = false;
}

// ---- the ballot box ------------------------------------------------------------------------

async function loadPage(from, previous) {
  if (!state.node) {
    $('box-range').textContent = t('siteBoxEmpty');
    return;
  }
  const { body } = await get(`/api/elections/${state.electionId}/board?node=${encodeURIComponent(state.node)}&from=${from}&limit=${PAGE}`);
  const entries = Array.isArray(body.entries) ? body.entries : [];
  state.from = from;
  state.previous = previous;
  // The node reads up to PAGE log positions and stops early at the end of the log: a short page is the last.
  state.next = Number.isSafeInteger(body.next) && body.next - from >= PAGE ? body.next : null;
  const list = $('box-list');
  list.replaceChildren();
  let ballots = 0;
  for (const en of entries) {
    if (en?.type !== 'ballot' || !CODE.test(en.confirmation_code ?? '')) continue;
    ballots++;
    const li = document.createElement('li');
    li.dataset.code = en.confirmation_code;
    const code = document.createElement('code');
    code.className = 'mono';
    code.textContent = en.confirmation_code;
    const what = document.createElement('p');
    what.textContent = t(en.state === 'CHALLENGED' ? 'siteEntryChallenged' : 'siteEntryCast', { node: state.node, pos: en.position });
    const d = document.createElement('details');
    const s = document.createElement('summary');
    s.textContent = t('siteLogHash');
    const h = document.createElement('code');
    h.className = 'mono';
    h.textContent = String(en.hash);
    d.append(s, h);
    li.append(code, what, d);
    list.append(li);
  }
  const last = entries.length ? entries[entries.length - 1].position : from;
  $('box-range').textContent = entries.length
    ? t(ballots === 1 ? 'siteBoxRangeOne' : 'siteBoxRange', { node: state.node, first: from, last, n: ballots })
    : t('siteBoxEnd', { node: state.node });
  $('box-prev').disabled = previous.length === 0;
  $('box-next').disabled = state.next === null;
}

// ---- looking a ballot up -------------------------------------------------------------------

/**
 * Looks a ballot up by its code (and checks the voter's receipt, when given): the node's receipt
 * for the code must be signed by that node, be the voter's receipt when there is one, and match
 * the board entry at its log position (code and hash).
 * @returns {{ok: boolean, key: string, params: object, rows: Array}}
 */
async function lookUp(code, receipt) {
  const keys = state.election.nodeKeys;
  if (receipt) {
    if (!isReceipt(receipt)) return { ok: false, key: 'siteNotAReceipt', params: {}, rows: [] };
    if (receipt.election_id !== state.electionId) return { ok: false, key: 'siteOtherElection', params: {}, rows: [] };
    if (!(await receiptSignatureValid(receipt, keys[receipt.node_id]))) {
      return { ok: false, key: 'siteReceiptForged', params: { node: receipt.node_id }, rows: [] };
    }
    code = receipt.confirmation_code;
  }
  const { status, body } = await get(`/api/elections/${state.electionId}/ballots/${code}`);
  if (status === 404) {
    return { ok: false, key: receipt ? 'siteReceiptMissing' : 'siteCodeMissing', params: {}, rows: [] };
  }
  const r = body.receipt;
  if (!isReceipt(r) || r.confirmation_code !== code || !(await receiptSignatureValid(r, keys[r.node_id]))) {
    return { ok: false, key: 'siteNodeReceiptBad', params: {}, rows: [] };
  }
  if (receipt && RECEIPT_KEYS.some((k) => receipt[k] !== r[k])) {
    return { ok: false, key: 'siteReceiptDiffers', params: {}, rows: [] };
  }
  const board = await get(`/api/elections/${state.electionId}/board?node=${encodeURIComponent(r.node_id)}&from=${r.log_position}&limit=1`);
  const entry = Array.isArray(board.body.entries) ? board.body.entries[0] : null;
  const rows = [['siteRowNode', r.node_id], ['siteRowPosition', r.log_position], ['siteRowTime', r.time], ['siteRowHash', r.log_hash]];
  if (!entry || entry.position !== r.log_position || entry.confirmation_code !== code || entry.hash !== r.log_hash) {
    return { ok: false, key: 'siteNotOnBoard', params: { node: r.node_id, pos: r.log_position }, rows };
  }
  const key = { recorded: 'siteRecorded', cast: 'siteCounted', superseded: 'siteSuperseded', overridden: 'siteOverridden',
    challenged: 'siteChallenged' }[body.state];
  if (!key) return { ok: false, key: 'siteErrMalformed', params: { why: 'unknown ballot state' }, rows };
  const counts = body.state === 'cast' || body.state === 'recorded';
  return { ok: counts, key, params: { node: r.node_id, pos: r.log_position }, rows, state: body.state };
}

const RECEIPT_KEYS = ['election_id', 'ballot_id', 'confirmation_code', 'state', 'node_id', 'log_position', 'log_hash', 'time',
  'signature'];

function renderResult(prefix) {
  const res = state.results[prefix];
  if (!res) return;
  const verdict = $(`${prefix}-verdict`);
  verdict.textContent = t(res.key, res.params);
  verdict.className = res.ok ? 'ok' : 'bad';
  verdict.dataset.outcome = res.ok ? 'ok' : 'bad';
  verdict.dataset.state = res.state ?? '';
  verdict.dataset.run = String(res.run);
  fillRows($(`${prefix}-details`), res.rows);
  $(`${prefix}-result`).hidden = false;
}

async function runLookUp(prefix, code, receipt) {
  $(`${prefix}-result`).hidden = true;
  $('status').textContent = t('siteChecking');
  try {
    state.results[prefix] = { ...(await lookUp(code, receipt)), run: ++state.runs };
  } finally {
    $('status').textContent = '';
  }
  renderResult(prefix);
  $(`${prefix}-result`).focus();
}

/** A code as typed: spaces removed, lower case; null when it is not 64 hex digits. */
function readCode(text) {
  const c = text.replace(/\s+/g, '').toLowerCase();
  return CODE.test(c) ? c : null;
}

async function check() {
  const file = $('check-file').files?.[0];
  if (file) {
    $('check-file').value = ''; // the next check reads the code field, or a file chosen again
    let receipt;
    try {
      if (file.size > 16384) throw new Error('larger than any receipt');
      receipt = JSON.parse(await file.text());
    } catch {
      state.results.check = { ok: false, key: 'siteNotAReceipt', params: {}, rows: [], run: ++state.runs };
      renderResult('check');
      $('check-result').focus();
      return;
    }
    return runLookUp('check', null, receipt);
  }
  const text = $('check-code').value;
  if (text.trim() === '') throw new SiteError('siteErrNoCode');
  const code = readCode(text);
  if (!code) throw new SiteError('siteErrBadCode');
  return runLookUp('check', code, null);
}

async function search() {
  const code = readCode($('search-code').value);
  if (!code) throw new SiteError('siteErrBadCode');
  return runLookUp('search', code, null);
}

async function busy(button, work) {
  clearError();
  button.disabled = true;
  try {
    await work();
  } catch (e) {
    showError(e);
  } finally {
    button.disabled = false;
  }
}

function init() {
  initLanguage($('lang'), applyStaticTexts, () => {
    if (state.election) {
      renderElection();
      loadPage(state.from, state.previous).catch(showError);
    }
    renderResult('check');
    renderResult('search');
  });
  $('check-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy($('check-button'), check);
  });
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy($('search-button'), search);
  });
  $('box-node').addEventListener('change', () => {
    state.node = $('box-node').value;
    busy($('box-node'), () => loadPage(0, []));
  });
  $('box-next').addEventListener('click', () => {
    if (state.next !== null) busy($('box-next'), () => loadPage(state.next, [...state.previous, state.from]));
  });
  $('box-prev').addEventListener('click', () => {
    const prev = [...state.previous];
    const from = prev.pop();
    if (from !== undefined) busy($('box-prev'), () => loadPage(from, prev));
  });
  window.addEventListener('resize', () => {
    const w = $('results-contests').clientWidth;
    if (state.tally && w !== state.chartWidth) {
      state.chartWidth = w;
      renderResults();
    }
  });
  const id = new URLSearchParams(window.location.search).get('election');
  const start = async () => {
    if (id === null) return listElections();
    if (!CODE.test(id)) throw new SiteError('siteErrBadElection');
    state.electionId = id;
    return loadElection();
  };
  start().catch(showError);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
