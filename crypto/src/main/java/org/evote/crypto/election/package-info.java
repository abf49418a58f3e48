/** The election model: manifest, configuration, ballots, tallies, and their encryption and validation. */
package org.evote.crypto.election;
