/** Small argument checks shared by the value types of every module. */
package org.evote.crypto.util;
