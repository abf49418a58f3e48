/** A node's append-only, hash-chained ballot log on local disk, made durable with group commit. */
package org.evote.ballotserver.log;
