package dev.tether.test.mysql;

/**
 * Runs in a child JVM of {@link MySqlLifecycleTests}: starts a cluster, reports its processes and
 * work directory on stdout, then blocks until killed.
 */
final class MySqlInDoomedJvm {

	private MySqlInDoomedJvm() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedReplicatedMySql mysql = EmbeddedReplicatedMySql.start(1);
		System.out.println("WORKDIR " + mysql.workDir());
		System.out.println("WATCHDOG " + mysql.watchdogPid());
		System.out.println("PIDS " + mysql.primary().pid() + " " + mysql.replica(0).pid());
		System.out.flush();
		Thread.currentThread().join();
	}

}
