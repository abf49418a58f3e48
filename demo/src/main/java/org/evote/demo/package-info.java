/**
 * The main job, {@code ./evote demo}: a complete election end to end on this machine (a 3-node
 * cluster, a key ceremony, voters casting over HTTPS, the tally and the verifier); and
 * {@code ./evote example}, a worked W1 example in one process.
 */
package org.evote.demo;
