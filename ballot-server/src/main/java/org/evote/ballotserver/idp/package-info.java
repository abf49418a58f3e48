/** {@code ./evote idp}: the development identity provider that issues voter credentials and officials' tokens. */
package org.evote.ballotserver.idp;
