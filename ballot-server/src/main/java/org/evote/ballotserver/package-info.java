/**
 * A ballot-server node and its command line: {@link org.evote.ballotserver.BallotNode}, the
 * composition root that opens the log, joins the cluster, builds the node's services and deploys
 * the HTTP API; its configuration; and {@code ./evote server}.
 */
package org.evote.ballotserver;
