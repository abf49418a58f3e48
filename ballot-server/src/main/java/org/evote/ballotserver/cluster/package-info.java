/**
 * The Hazelcast side of a node: its configuration (member endpoint only), the guard that notices
 * a member that is not configured, the replicated maps, and the entry processors that change
 * them atomically.
 */
package org.evote.ballotserver.cluster;
