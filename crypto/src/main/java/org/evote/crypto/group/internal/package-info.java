/** Group implementations: P-256 on Bouncy Castle and the integer groups of spec §3.1, Integer4096 among them. */
package org.evote.crypto.group.internal;
