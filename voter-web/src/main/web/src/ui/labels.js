/**
 * What a voter reads of an election, in the voter's language: the election's name and dates and
 * the contests' and options' labels. An election may carry an optional {@code labels} object
 * beside its manifest (GET /api/elections/{id}):
 * {"languages": ["en", "fr"], "election": {"en": …, "fr": …},
 *  "contests": {"<contest id>": {"title": {"en": …}, "options": {"<selection id>": {"en": …}}}}}.
 * Each text is taken in the voter's language, else in English, else from the manifest. Everything
 * here is pure: no DOM, so that Node tests it (src/test/js/labels.mjs).
 * @module
 */

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v) => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** A {"en": …, "fr": …} map's text in {@code lang}, else in English, else null. */
export function pickText(map, lang) {
  if (!isObject(map)) return null;
  return (Object.hasOwn(map, lang) ? text(map[lang]) : null) ?? (Object.hasOwn(map, 'en') ? text(map.en) : null);
}

/**
 * The manifest's own name (a list of {value, language}) in {@code lang}, else in English, else its
 * first name, else null.
 */
export function manifestName(names, lang) {
  const list = Array.isArray(names) ? names.filter((n) => isObject(n) && text(n.value)) : [];
  const inLang = (l) => list.find((n) => String(n.language ?? '').toLowerCase().split('-')[0] === l);
  return (inLang(lang) ?? inLang('en') ?? list[0])?.value ?? null;
}

/**
 * The ballot as the voter reads it.
 * @param {{scope: string, names: Array, contests: Array<{contestId: string, name: string,
 *   selections: Array<{selectionId: string, label: string}>}>}} ballot the manifest's view of the
 *   voter's ballot style (the worker's description)
 * @param {object|undefined} labels the election's optional labels
 * @param {string} lang the voter's language
 * @returns {{name: string, contests: Array<{contestId: string, title: string, options: Array<{selectionId: string, label: string}>}>}}
 */
export function localize(ballot, labels, lang) {
  const l = isObject(labels) ? labels : {};
  const contestLabels = isObject(l.contests) ? l.contests : {};
  const name = pickText(l.election, lang) ?? manifestName(ballot.names, lang) ?? ballot.scope;
  const contests = ballot.contests.map((c) => {
    const cl = Object.hasOwn(contestLabels, c.contestId) && isObject(contestLabels[c.contestId]) ? contestLabels[c.contestId] : {};
    const options = isObject(cl.options) ? cl.options : {};
    return {
      contestId: c.contestId,
      title: pickText(cl.title, lang) ?? c.name,
      options: c.selections.map((s) => ({
        selectionId: s.selectionId,
        label: (Object.hasOwn(options, s.selectionId) ? pickText(options[s.selectionId], lang) : null) ?? s.label,
      })),
    };
  });
  return { name, contests };
}

/**
 * An ISO-8601 time as the voter reads it in {@code lang} ("1 June 2026 at 08:00 UTC"), in the
 * given time zone (default: the device's); null when {@code iso} is not a time.
 */
export function formatTime(iso, lang, timeZone = undefined) {
  if (typeof iso !== 'string' || iso === '') return null;
  // Receipts carry nanoseconds (2026-06-01T10:00:00.123456789Z); Date reads milliseconds only.
  const d = new Date(iso.replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(d.getTime())) return null;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone,
  }).format(d);
}

/** A 64-hex confirmation code in blocks of 4, for display (the full code stays in the page). */
export function codeGroups(code) {
  const groups = [];
  for (let i = 0; i < code.length; i += 4) groups.push(code.slice(i, i + 4));
  return groups;
}
