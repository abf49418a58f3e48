/** The group interface of ElectionGuard 2.0 §3.1, its elements and scalars, and the standard groups. */
package org.evote.crypto.group;
