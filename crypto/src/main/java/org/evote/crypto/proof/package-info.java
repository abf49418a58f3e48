/** Zero-knowledge proofs of ElectionGuard 2.0: Schnorr, range and decryption proofs, with their shared challenge functions. */
package org.evote.crypto.proof;
