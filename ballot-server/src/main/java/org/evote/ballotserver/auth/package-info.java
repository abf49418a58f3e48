/**
 * Identity: ES256 token checks for voters and officials, the development identity provider's
 * issuer, an election's OpenID Connect sign-in settings and its voters' pseudonyms.
 */
package org.evote.ballotserver.auth;
