/** Group implementations: P-256 on Bouncy Castle and the Integer4096 group of spec §3.1.1. */
package org.evote.crypto.group.internal;
