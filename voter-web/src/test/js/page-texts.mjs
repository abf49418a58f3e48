// Unit tests of the voter page's pure text functions under Node, for voter-web's PageTextsTest:
// labels.js (the election's labels in the voter's language, with their fallbacks; dates; the
// confirmation code's blocks) and server-errors.js with i18n.js (every error code a node can send
// has a sentence in English and in French, or is named as an official's only).
// Usage: node page-texts.mjs <web dir> [server error code ...]
// Writes "checked N" on the first line of stdout, then one line per failure.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [web, ...serverCodes] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(join(web, 'src/ui', p)).href);
const { codeGroups, formatTime, localize, manifestName, pickText } = await load('labels.js');
const { OFFICIAL_ONLY, SERVER_ERRORS, serverErrorKey } = await load('server-errors.js');
const { hasString, setLanguage, t } = await load('i18n.js');

let checked = 0;
const failures = [];
function expect(what, got, want) {
  checked++;
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) failures.push(`${what}: got ${g}, want ${w}`);
}

// ---- labels ----
const ballot = {
  scope: 'town-2026',
  names: [{ value: 'Town election', language: 'en' }, { value: 'Élection municipale', language: 'fr-FR' }],
  contests: [
    { contestId: 'council', name: 'Council', selections: [{ selectionId: 'council-a', label: 'Ann' }, { selectionId: 'council-b', label: 'Bob' }] },
    { contestId: 'pool', name: 'pool?', selections: [{ selectionId: 'pool-yes', label: 'Yes' }, { selectionId: 'pool-no', label: 'No' }] },
  ],
};
const labels = {
  languages: ['en', 'fr'],
  election: { en: 'Town council 2026', fr: 'Conseil municipal 2026' },
  contests: {
    pool: { title: { en: 'Should the town build a pool?', fr: 'La ville doit-elle construire une piscine ?' },
      options: { 'pool-yes': { en: 'Yes', fr: 'Oui' }, 'pool-no': { en: 'No' } } },
  },
};
expect('labels in French', localize(ballot, labels, 'fr'), {
  name: 'Conseil municipal 2026',
  contests: [
    { contestId: 'council', title: 'Council', options: [{ selectionId: 'council-a', label: 'Ann' }, { selectionId: 'council-b', label: 'Bob' }] },
    { contestId: 'pool', title: 'La ville doit-elle construire une piscine ?',
      options: [{ selectionId: 'pool-yes', label: 'Oui' }, { selectionId: 'pool-no', label: 'No' }] },
  ],
});
expect('labels in English', localize(ballot, labels, 'en').contests[1].title, 'Should the town build a pool?');
expect('a language the labels lack falls back to English', localize(ballot, labels, 'de').name, 'Town council 2026');
expect('no labels: the manifest\'s name in the voter\'s language', localize(ballot, undefined, 'fr').name, 'Élection municipale');
expect('no labels: the manifest\'s option labels', localize(ballot, undefined, 'fr').contests[1].options[0].label, 'Yes');
expect('no labels: the manifest\'s contest name', localize(ballot, null, 'en').contests[1].title, 'pool?');
expect('no names at all: the scope id', localize({ ...ballot, names: [] }, undefined, 'fr').name, 'town-2026');
expect('malformed labels are ignored', localize(ballot, { election: 'x', contests: { pool: { title: 7, options: [] } } }, 'fr').contests[1],
  { contestId: 'pool', title: 'pool?', options: [{ selectionId: 'pool-yes', label: 'Yes' }, { selectionId: 'pool-no', label: 'No' }] });
expect('an empty text falls back', pickText({ fr: ' ', en: 'E' }, 'fr'), 'E');
expect('a prototype key is not a label', pickText({}, 'constructor'), null);
expect('manifest name: English when the language is missing', manifestName([{ value: 'X', language: 'de' }, { value: 'Y', language: 'en' }], 'fr'), 'Y');
expect('manifest name: the first when neither', manifestName([{ value: 'X', language: 'de' }], 'fr'), 'X');
expect('manifest name: none', manifestName('nope', 'fr'), null);

// ---- times and codes ----
expect('a time in English', formatTime('2026-06-01T08:00:00Z', 'en', 'UTC'), '1 June 2026 at 08:00 UTC');
expect('a time in French', formatTime('2026-06-01T08:00:00Z', 'fr', 'UTC'), '1 juin 2026 à 08:00 UTC');
expect('a receipt time with nanoseconds', formatTime('2026-06-01T10:15:42.123456789Z', 'en', 'UTC'), '1 June 2026 at 10:15 UTC');
expect('no time', formatTime('', 'en', 'UTC'), null);
expect('not a time', formatTime('soon', 'en', 'UTC'), null);
const code = '0123456789abcdef'.repeat(4);
expect('a code in 16 blocks of 4', codeGroups(code).length, 16);
expect('the blocks give the code back', codeGroups(code).join(''), code);
expect('the blocks are 4 long', codeGroups(code).every((g) => g.length === 4), true);

// ---- server errors ----
for (const [codeName, key] of Object.entries(SERVER_ERRORS)) {
  for (const lang of ['en', 'fr']) expect(`${codeName} → ${key} has a sentence in ${lang}`, hasString(lang, key), true);
}
for (const lang of ['en', 'fr']) expect(`the generic refusal has a sentence in ${lang}`, hasString(lang, 'errRefused'), true);
expect('an unknown code gets the generic sentence', serverErrorKey('something_new'), 'errRefused');
expect('a prototype name is not a code', serverErrorKey('toString'), 'errRefused');
for (const c of serverCodes) {
  checked++;
  if (!Object.hasOwn(SERVER_ERRORS, c) && !OFFICIAL_ONLY.includes(c)) {
    failures.push(`the server's error code ${c} is neither translated for voters (SERVER_ERRORS) nor named official-only`);
  }
}
// No sentence carries a server message or code: the details do.
for (const lang of ['en', 'fr']) {
  setLanguage(lang);
  for (const key of new Set(Object.values(SERVER_ERRORS))) {
    checked++;
    if (/\{(why|message|reason)\}/.test(t(key))) failures.push(`${lang} ${key} embeds a server text: ${t(key)}`);
  }
}

console.log(`checked ${checked}`);
for (const f of failures) console.log(f);
