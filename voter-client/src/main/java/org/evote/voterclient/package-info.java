/**
 * The voter's client: fetches and checks an election from the ballot-server nodes, encrypts on
 * the voter's device, verifies challenged ballots with their nonce, casts with the voter's
 * signature and checks receipts. The command line lives in {@code cli}; the web page is the
 * {@code voter-web} module.
 */
package org.evote.voterclient;
