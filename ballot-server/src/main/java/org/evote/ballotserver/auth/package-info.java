/** Identity tokens: ES256 JWT checks for voters and officials, and the development identity provider's issuer. */
package org.evote.ballotserver.auth;
