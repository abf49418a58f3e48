/**
 * The credential service: a voter's sign-in at the election's OpenID Connect provider becomes a
 * voting token bound to the voter's own key.
 */
package org.evote.ballotserver.signin;
