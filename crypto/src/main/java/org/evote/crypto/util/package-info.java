/** Small helpers every module shares: argument checks, and the trust of HTTPS clients in PEM certificates. */
package org.evote.crypto.util;
