/** JMH benchmarks and the cluster load generator. */
package org.evote.benchmarks;
