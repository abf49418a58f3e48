/** Casting one ballot: every check, weeding, the re-vote policy, storage in the cluster and the log, and the signed receipt. */
package org.evote.ballotserver.cast;
