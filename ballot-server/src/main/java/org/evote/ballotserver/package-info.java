/**
 * A ballot-server node and its command line: {@link org.evote.ballotserver.BallotNode} (a
 * Hazelcast member running the HTTP API, ballot checks on a worker pool, a signing key and a local
 * log), its configuration, the election as a node holds it, the record export, and
 * {@code ./evote server}.
 */
package org.evote.ballotserver;
