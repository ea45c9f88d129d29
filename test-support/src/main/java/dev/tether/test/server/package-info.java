/**
 * Plumbing shared by the embedded database fixtures of {@code tether-test} (running servers as an
 * unprivileged user, a watchdog that outlives a killed JVM, the one JVM-wide source of free ports,
 * random passwords). Not an API: it may change without notice.
 */
package dev.tether.test.server;
