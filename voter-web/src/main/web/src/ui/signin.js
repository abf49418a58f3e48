/**
 * Sign-in through the election's OpenID Connect provider, with the authorization code flow and
 * PKCE (RFC 7636). Before leaving for the provider, the page makes the voter's P-256 key in
 * WebCrypto, not extractable, and keeps it in IndexedDB (a CryptoKey survives the round trip
 * there without its private half ever being readable); the PKCE verifier and the state go to
 * sessionStorage. The ID token's nonce is the key's JWK thumbprint (RFC 7638), so the
 * credential service binds the voting token to this key and to no other. Back from the provider,
 * the page gives the node the code, the verifier and its public key; the node exchanges the code,
 * checks the ID token and answers with a voting token whose cnf binds the key.
 * @module
 */
import { toBase64Url, utf8 } from '../eg/bytes.js';

const DB = 'evote-sign-in';
const STORE = 'keys';
const SESSION = 'evote-sign-in';

function randomText(bytes) {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** RFC 7638 thumbprint of a P-256 public JWK: base64url SHA-256 of its required members in order. */
export async function thumbprint(jwk) {
  return toBase64Url(await sha256(utf8(`{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`)));
}

/** The PKCE S256 challenge of a verifier. */
export async function pkceChallenge(verifier) {
  return toBase64Url(await sha256(utf8(verifier)));
}

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function keyStore(mode, action) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** The voter page's own address, where the provider sends the voter back. */
export function redirectUri() {
  return `${window.location.origin}/`;
}

/**
 * Starts a sign-in: makes the key, keeps it and the PKCE verifier for the way back, asks the
 * node for the provider's authorization URL, and returns it (the caller navigates there).
 *
 * @param api calls the node's API ({@code (path) => {body}})
 * @param electionId the election
 * @param locale the page's language, passed to the provider as ui_locales
 */
export async function start(api, electionId, locale) {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const nonce = await thumbprint(jwk);
  const state = randomText(24);
  const verifier = randomText(32);
  await keyStore('readwrite', (s) => s.put(pair, state));
  sessionStorage.setItem(SESSION, JSON.stringify({ electionId, state, verifier }));
  const q = new URLSearchParams({ redirect_uri: redirectUri(), state, nonce, code_challenge: await pkceChallenge(verifier), locale });
  const { body } = await api(`/api/elections/${electionId}/sign-in?${q}`);
  if (typeof body.authorization_url !== 'string' || !/^https?:\/\//.test(body.authorization_url)) {
    throw new Error('the node gave no authorization URL');
  }
  return body.authorization_url;
}

/**
 * What the provider's redirect brought back, if this page load is one: {electionId, code} or
 * {electionId, error}; null when the page was not opened by the provider. A state that is not
 * the one this tab sent is refused (it may be a forged redirect).
 */
export function returned(search) {
  const q = new URLSearchParams(search);
  if (!q.has('state') || !(q.has('code') || q.has('error'))) return null;
  const pending = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
  if (!pending || pending.state !== q.get('state')) return { error: 'state_mismatch', electionId: pending?.electionId ?? null };
  if (q.has('error')) return { error: q.get('error'), electionId: pending.electionId };
  return { code: q.get('code'), electionId: pending.electionId };
}

/**
 * Finishes a sign-in: gives the node the code, the PKCE verifier and the public key, and returns
 * the node's answer ({token, voter_id, election_id, ballot_style, expires}) with the private key.
 * The key leaves IndexedDB (it lives in this page's memory from now on) and the verifier
 * sessionStorage, whatever the outcome.
 */
export async function finish(api, code) {
  const pending = JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
  sessionStorage.removeItem(SESSION);
  const pair = await keyStore('readonly', (s) => s.get(pending.state));
  await keyStore('readwrite', (s) => s.delete(pending.state));
  if (!pair?.privateKey) throw new Error('the sign-in key was lost (cookies and site data cleared?)');
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const body = JSON.stringify({ voter_key: { kty, crv, x, y }, code, code_verifier: pending.verifier, redirect_uri: redirectUri() });
  const { body: issued } = await api(`/api/elections/${pending.electionId}/credential`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { issued, key: pair.privateKey };
}
