/** The node's HTTP API (a Vert.x verticle), its error answers, rate limits and metrics. */
package org.evote.ballotserver.http;
