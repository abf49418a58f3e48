/**
 * TLS of a node: its certificate (self-signed at first start, or PEM files from the operator's
 * certificate authority) and the protocol versions and cipher suites it accepts.
 */
package org.evote.ballotserver.tls;
