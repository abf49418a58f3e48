/**
 * One node's services over its {@link org.evote.ballotserver.node.NodeContext}: casting a ballot
 * (every check, weeding, the re-vote policy, the log, the signed receipt), the officials' actions,
 * the public reads, board publishing, log replay and the record export.
 */
package org.evote.ballotserver.node;
