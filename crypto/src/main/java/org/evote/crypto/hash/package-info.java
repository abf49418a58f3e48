/** The hash function H of ElectionGuard 2.0 §5 and its 256-bit outputs. */
package org.evote.crypto.hash;
