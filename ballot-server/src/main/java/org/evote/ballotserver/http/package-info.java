/** The node's HTTP API (a Vert.x verticle that routes to the node's services) and its error answers. */
package org.evote.ballotserver.http;
