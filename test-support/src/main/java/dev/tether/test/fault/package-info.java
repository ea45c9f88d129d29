/**
 * Network faults for tests: {@link dev.tether.test.fault.FaultProxy}, a TCP proxy on loopback
 * that runs in the test's own JVM and puts a hang, latency, a reset or a cut at a chosen protocol
 * message between a client and any fixture node.
 */
package dev.tether.test.fault;
