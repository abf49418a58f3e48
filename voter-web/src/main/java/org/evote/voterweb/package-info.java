/** The voter page's bundled files (HTML, CSS, JavaScript), as the nodes serve them. */
package org.evote.voterweb;
