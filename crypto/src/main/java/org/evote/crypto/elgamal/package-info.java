/** Exponential ElGamal (spec §3.3.1) and hashed ElGamal for contest data (spec §3.3.6). */
package org.evote.crypto.elgamal;
