/** An election as a node holds it: its definition parsed and checked once, with its validator and token verifier. */
package org.evote.ballotserver.election;
