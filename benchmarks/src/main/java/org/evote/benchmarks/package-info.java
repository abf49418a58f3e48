/**
 * The tools: JMH benchmarks ({@code ./evote bench}), the cluster load generator
 * ({@code ./evote load}) and the test-data generator ({@code ./evote testdata}).
 */
package org.evote.benchmarks;
