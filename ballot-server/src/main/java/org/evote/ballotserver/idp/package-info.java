/**
 * {@code ./evote idp}: the development identity provider that issues voter credentials and
 * officials' tokens; and {@code LocalKeycloak}, a real OpenID Connect provider in dev mode on
 * loopback for the sign-in tests and {@code ./evote demo --oidc}.
 */
package org.evote.ballotserver.idp;
