/**
 * The parts of an egk-ec manifest a voter's device needs: contests (in sequence order, each with
 * its options in sequence order), ballot styles, candidates and parties. Follows
 * org.evote.crypto.election.Manifest: a style's contests are those whose electoral district is one
 * of the style's geopolitical units.
 * @module
 */
import { ElectionError } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

function bad(message) {
  return new ElectionError('malformed_election', `manifest: ${message}`);
}

function str(o, name, where, optional = false) {
  const v = o?.[name];
  if (v === undefined || v === null) {
    if (optional) return null;
    throw bad(`${where}.${name} is missing`);
  }
  if (typeof v !== 'string') throw bad(`${where}.${name} is not a string`);
  return v;
}

function int(o, name, where, dflt) {
  const v = o?.[name];
  if ((v === undefined || v === null) && dflt !== undefined) return dflt;
  if (!Number.isInteger(v) || v < 0) throw bad(`${where}.${name} is not a non-negative integer`);
  return v;
}

function list(o, name, where) {
  const v = o?.[name];
  if (!Array.isArray(v)) throw bad(`${where}.${name} is not a list`);
  return v;
}

/** Parses manifest.json bytes. */
export function parseManifest(bytes) {
  let m;
  try {
    m = JSON.parse(decoder.decode(bytes));
  } catch {
    throw bad('not valid UTF-8 JSON');
  }
  if (typeof m !== 'object' || m === null) throw bad('not a JSON object');
  const candidates = new Map();
  list(m, 'candidates', '$').forEach((c, i) => {
    const id = str(c, 'object_id', `candidates[${i}]`);
    candidates.set(id, { candidateId: id, name: str(c, 'name', `candidates[${i}]`, true), partyId: str(c, 'party_id', `candidates[${i}]`, true) });
  });
  const parties = new Map();
  list(m, 'parties', '$').forEach((p, i) => {
    const id = str(p, 'object_id', `parties[${i}]`);
    parties.set(id, { partyId: id, name: str(p, 'name', `parties[${i}]`) });
  });
  const styles = new Map();
  list(m, 'ballot_styles', '$').forEach((s, i) => {
    const id = str(s, 'object_id', `ballot_styles[${i}]`);
    const units = list(s, 'geopolitical_unit_ids', `ballot_styles[${i}]`).map((u) => {
      if (typeof u !== 'string') throw bad(`ballot_styles[${i}].geopolitical_unit_ids holds a non-string`);
      return u;
    });
    if (!styles.has(id)) styles.set(id, new Set(units));
  });
  const contests = list(m, 'contests', '$').map((c, i) => {
    const where = `contests[${i}]`;
    const selections = list(c, 'ballot_selections', where).map((s, j) => ({
      selectionId: str(s, 'object_id', `${where}.ballot_selections[${j}]`),
      sequenceOrder: int(s, 'sequence_order', `${where}.ballot_selections[${j}]`),
      candidateId: str(s, 'candidate_id', `${where}.ballot_selections[${j}]`),
    }));
    selections.sort((a, b) => a.sequenceOrder - b.sequenceOrder);
    return Object.freeze({
      contestId: str(c, 'object_id', where),
      sequenceOrder: int(c, 'sequence_order', where),
      electoralDistrictId: str(c, 'electoral_district_id', where),
      voteVariation: str(c, 'vote_variation', where),
      contestLimit: int(c, 'votes_allowed', where),
      optionLimit: int(c, 'option_selection_limit', where, 1),
      name: str(c, 'name', where),
      ballotTitle: str(c, 'ballot_title', where, true),
      ballotSubtitle: str(c, 'ballot_subtitle', where, true),
      selections: Object.freeze(selections),
    });
  });
  contests.sort((a, b) => a.sequenceOrder - b.sequenceOrder);
  // The election's names ([{value, language}]) and dates (ISO-8601 or ""), for display only:
  // read leniently, as a manifest may leave them empty.
  const names = Array.isArray(m.name)
    ? m.name.filter((n) => typeof n?.value === 'string' && typeof n?.language === 'string')
      .map((n) => Object.freeze({ value: n.value, language: n.language }))
    : [];
  return Object.freeze({
    electionScopeId: str(m, 'election_scope_id', '$'),
    names: Object.freeze(names),
    startDate: typeof m.start_date === 'string' ? m.start_date : '',
    endDate: typeof m.end_date === 'string' ? m.end_date : '',
    contests: Object.freeze(contests),
    candidates,
    parties,
    styles,
    /** The contests of a ballot style, in sequence order, or null when the style is unknown. */
    contestsForStyle(styleId) {
      const units = styles.get(styleId);
      return units ? contests.filter((c) => units.has(c.electoralDistrictId)) : null;
    },
    /** What a voter reads for an option: the candidate's name (and party), or the option id. */
    optionLabel(selection) {
      const cand = candidates.get(selection.candidateId);
      const name = cand?.name || selection.selectionId;
      const party = cand?.partyId ? parties.get(cand.partyId)?.name : null;
      return party ? `${name} (${party})` : name;
    },
  });
}
