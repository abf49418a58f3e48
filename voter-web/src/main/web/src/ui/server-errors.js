/**
 * The nodes' error codes (the "error" field of every JSON refusal, ballot-server's Reply and
 * ApiError) and the sentence the voter page shows for each, as a key of i18n.js. A code the page
 * does not know gets the generic sentence; the code itself only ever appears in the error's details.
 * @module
 */

/** Codes the voter page can meet (reading an election, sending a ballot, reading a ballot's state). */
export const SERVER_ERRORS = Object.freeze({
  unknown_election: 'errUnknownElection',
  election_not_open: 'errNotOpen',
  voted_in_person: 'errInPerson',
  token_expired: 'errTokenExpired',
  token_not_yet_valid: 'errTokenNotYet',
  token_forged: 'errWrongProvider',
  token_wrong_election: 'errTokenElection',
  token_wrong_audience: 'errTokenRefused',
  token_wrong_voter: 'errTokenRefused',
  token_missing: 'errTokenRefused',
  token_malformed: 'errTokenRefused',
  token_not_scoped: 'errTokenRefused',
  not_a_voter: 'errNotAVoter',
  style_not_granted: 'errStyleRefused',
  bad_signature: 'errKeyMismatch',
  duplicate_ballot_id: 'errDuplicate',
  duplicate_confirmation_code: 'errDuplicate',
  duplicate_ciphertext: 'errDuplicate',
  replayed_ballot: 'errDuplicate',
  state_conflict: 'errDuplicate',
  rate_limited: 'errRateLimited',
  invalid_ballot: 'errBallotRefused',
  invalid_ballot_id: 'errBallotRefused',
  invalid_encoding: 'errBallotRefused',
  invalid_state: 'errBallotRefused',
  ballot_wrong_election: 'errBallotRefused',
  malformed_envelope: 'errBallotRefused',
  malformed_json: 'errBallotRefused',
  malformed_request: 'errBallotRefused',
  wrong_content_type: 'errBallotRefused',
  body_too_large: 'errBallotRefused',
  bad_request: 'errBallotRefused',
  malformed_code: 'errBallotRefused',
  not_found: 'errBallotRefused',
  method_not_allowed: 'errBallotRefused',
  unknown_ballot: 'errUnknownBallot',
  // chained confirmation codes (the page's device chains when the election asks)
  chain_conflict: 'errDuplicate',
  chain_broken: 'errBallotRefused',
  invalid_chain_baux: 'errBallotRefused',
  invalid_device: 'errBallotRefused',
  device_of_another_voter: 'errBallotRefused',
  // sign-in through the election's identity provider
  not_on_roll: 'errNotOnRoll',
  no_sign_in: 'errNoSignIn',
  election_closed: 'errClosed',
  sign_in_failed: 'errSignIn',
  id_token_invalid: 'errSignIn',
  id_token_no_voter: 'errSignIn',
  id_token_wrong_key: 'errSignIn',
  redirect_not_allowed: 'errSignIn',
  provider_unreachable: 'errSignInUnavailable',
  provider_no_id_token: 'errSignInUnavailable',
  sign_in_unavailable: 'errNoNodeAvailable',
  internal: 'errServerInternal',
  // 503: the node acknowledged nothing; the page tries the other nodes, then says so
  cluster_unavailable: 'errNoNodeAvailable',
  cluster_untrusted: 'errNoNodeAvailable',
  replication_failed: 'errNoNodeAvailable',
  log_unavailable: 'errNoNodeAvailable',
  logs_pending: 'errNoNodeAvailable',
  overloaded: 'errNoNodeAvailable',
});

/** Codes only officials' requests can meet (creating, opening, closing, exporting an election). */
export const OFFICIAL_ONLY = Object.freeze(['election_exists', 'invalid_election', 'invalid_transition',
  'election_not_closed', 'export_failed', 'export_interrupted', 'export_incomplete', 'unauthenticated',
  'malformed_query', 'invalid_results', 'no_results', 'results_exist', 'results_unverifiable', 'token_wrong_body']);

/** The message key for a node's error code: its own sentence, or the generic one. */
export function serverErrorKey(code) {
  return Object.hasOwn(SERVER_ERRORS, code) ? SERVER_ERRORS[code] : 'errRefused';
}
