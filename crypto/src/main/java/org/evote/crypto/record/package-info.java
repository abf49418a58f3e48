/**
 * The home of every JSON format, one file per format: the election record in egk-ec's layout
 * ({@code ConstantsJson}, {@code ManifestJson}, ..., bound to a group by {@link
 * org.evote.crypto.record.RecordCodec}; a record directory by {@link
 * org.evote.crypto.record.ElectionRecordFiles}), evote's {@code evote/} extension files ({@link
 * org.evote.crypto.record.EvotePolicyJson}, {@link org.evote.crypto.record.EvoteEnvelopeJson},
 * {@link org.evote.crypto.record.EvoteKeysJson}, {@link org.evote.crypto.record.EvoteLogJson},
 * {@link org.evote.crypto.record.EvoteLabelsJson}), the receipt ({@link
 * org.evote.crypto.record.ReceiptJson}) and the published results ({@link
 * org.evote.crypto.record.EvoteResultsJson}, with the verifier's report, {@link
 * org.evote.crypto.record.VerifierReportJson}). Readers share one frame, {@link
 * org.evote.crypto.record.JsonIn}, over one strict configuration, {@link
 * org.evote.crypto.record.StrictJson}; reading untrusted bytes yields {@link
 * org.evote.crypto.record.Parsed} values whose problems name the file, the JSON path and the
 * reason.
 */
package org.evote.crypto.record;
