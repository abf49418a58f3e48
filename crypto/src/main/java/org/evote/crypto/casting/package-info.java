/**
 * What evote adds to ElectionGuard for casting, shared by the clients, the server and the
 * verifier: the bytes a voter signs, P-256 signatures, the bytes of a node's receipt, and the rule
 * that says which of a voter's ballots counts.
 */
package org.evote.crypto.casting;
