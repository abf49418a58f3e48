/** The Hazelcast side of a node: its configuration, the replicated maps of an election, and the entry processors that change them atomically. */
package org.evote.ballotserver.cluster;
