/** TLS material of a node: a self-signed P-256 certificate made at first start when none is configured. */
package org.evote.ballotserver.tls;
