/**
 * What evote adds to ElectionGuard for casting, shared by the clients, the server and the
 * verifier: the bytes a voter signs, P-256 signatures, and the bytes of a node's receipt.
 */
package org.evote.crypto.casting;
