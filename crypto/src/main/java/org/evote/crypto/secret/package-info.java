/** Holders for secret values (keys, shares, nonces) that never print or compare their contents. */
package org.evote.crypto.secret;
