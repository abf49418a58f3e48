/** The ceremony messages' transport (in memory or a shared folder), their JSON codec and typed boards. */
package org.evote.tally.transport;
