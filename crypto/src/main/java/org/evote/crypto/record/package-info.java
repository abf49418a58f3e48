/**
 * The JSON election record in egk-ec's layout: {@link org.evote.crypto.record.RecordCodec} reads
 * and writes single files, {@link org.evote.crypto.record.ElectionRecordFiles} a record directory.
 * Reading untrusted bytes yields {@link org.evote.crypto.record.Parsed} values whose problems name
 * the file, the JSON path and the reason.
 */
package org.evote.crypto.record;
