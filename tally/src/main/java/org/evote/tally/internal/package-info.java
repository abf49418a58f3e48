/** Implementation helpers (JSON reading and writing); not an API. */
package org.evote.tally.internal;
