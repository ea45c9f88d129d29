package dev.tether.test.mariadb;

/**
 * Runs in a child JVM of {@link MariaDbLifecycleTests}: starts a cluster, reports its processes and
 * work directory on stdout, then blocks until killed.
 */
final class MariaDbInDoomedJvm {

	private MariaDbInDoomedJvm() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedReplicatedMariaDb mariadb = EmbeddedReplicatedMariaDb.start(1);
		System.out.println("WORKDIR " + mariadb.workDir());
		System.out.println("WATCHDOG " + mariadb.watchdogPid());
		System.out.println("PIDS " + mariadb.primary().pid() + " " + mariadb.replica(0).pid());
		System.out.flush();
		Thread.currentThread().join();
	}

}
