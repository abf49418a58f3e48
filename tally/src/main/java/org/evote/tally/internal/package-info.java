/** Implementation helpers (JSON reading and writing, group edge cases); not an API. */
package org.evote.tally.internal;
