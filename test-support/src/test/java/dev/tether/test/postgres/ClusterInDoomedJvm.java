package dev.tether.test.postgres;

import java.util.stream.Collectors;

/**
 * Runs in a child JVM of {@link JvmKillTests}: starts a cluster, reports its processes and
 * work directory on stdout, then blocks until killed.
 */
final class ClusterInDoomedJvm {

	private ClusterInDoomedJvm() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedReplicatedPostgres postgres = EmbeddedReplicatedPostgres.start(1);
		String pids = ClusterLifecycleTests.postmasterPids(postgres)
			.stream()
			.map(String::valueOf)
			.collect(Collectors.joining(" "));
		System.out.println("WORKDIR " + postgres.workDir());
		System.out.println("WATCHDOG " + postgres.watchdogPid());
		System.out.println("PIDS " + pids);
		System.out.flush();
		Thread.currentThread().join();
	}

}
