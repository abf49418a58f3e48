/** The key ceremony (ElectionGuard 2.0 §3.2): guardians' steps, their messages, and the coordinator. */
package org.evote.tally.keyceremony;
