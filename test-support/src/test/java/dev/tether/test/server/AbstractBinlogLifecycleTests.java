package dev.tether.test.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Clusters of their own, MySQL 8 or MariaDB (one subclass per database, which skips where its
 * server cannot run): close() and a killed JVM leave no server and no directory behind. In this
 * package for the clusters' own work directory, watchdog and server pids.
 * @param <C> the kind of cluster
 */
public abstract class AbstractBinlogLifecycleTests<C extends BinlogCluster<?>> {

	/** Starts a cluster of a primary and no replica. */
	protected abstract C startWithoutReplicas();

	/** Runs a one-value query on the primary as the application user. */
	protected abstract String queryOnPrimary(C cluster, String sql) throws SQLException;

	/** The main class of a child JVM that starts a cluster, prints WORKDIR, WATCHDOG and PIDS, and blocks. */
	protected abstract Class<?> doomedJvm();

	/** The server's process name, in messages. */
	protected abstract String serverName();

	@Test
	void closeStopsEveryServerAndTheWatchdogAndDeletesTheWorkDirectory() throws SQLException {
		C cluster = startWithoutReplicas();
		Path workDir = cluster.workDirectory();
		long pid;
		try {
			assertThat(cluster.replicas()).isEmpty();
			assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> cluster.replica(0));
			assertThat(queryOnPrimary(cluster, "SELECT @@read_only")).isEqualTo("0");
			cluster.awaitReplicasCaughtUp(Duration.ofSeconds(1));
			pid = cluster.primary().processId();
			assertThat(Os.isRunning(pid)).isTrue();
			assertThat(workDir.resolve("primary.sock")).as("its own socket, never the machine's").exists();
			assertThat(workDir.resolve("init.sql")).as("the init file, which holds the passwords").doesNotExist();
		}
		finally {
			cluster.close();
		}
		assertThat(Os.isRunning(pid)).isFalse();
		assertThat(Os.isRunning(cluster.watchdogProcessId())).isFalse();
		assertThat(workDir).doesNotExist();
		cluster.close();
	}

	@Test
	void noServerSurvivesAKillDashNineOfItsJvm(@TempDir Path tempDir) throws Exception {
		Path output = tempDir.resolve("child.out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				doomedJvm().getName())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(50))
				.failFast("child JVM exited", () -> !child.isAlive())
				.until(() -> line(output, "PIDS ").isPresent());
			Path workDir = Path.of(line(output, "WORKDIR ").orElseThrow());
			long watchdog = Long.parseLong(line(output, "WATCHDOG ").orElseThrow());
			List<Long> servers = Arrays.stream(line(output, "PIDS ").orElseThrow().split(" ")).map(Long::valueOf).toList();
			assertThat(servers).hasSize(2).allSatisfy((pid) -> assertThat(Os.isRunning(pid)).isTrue());

			child.destroyForcibly();
			assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(() -> assertThat(servers)
					.allSatisfy((pid) -> assertThat(Os.isRunning(pid)).as(serverName() + " %d", pid).isFalse()));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(workDir).doesNotExist();
				assertThat(Os.isRunning(watchdog)).isFalse();
			});
		}
		finally {
			child.destroyForcibly();
		}
	}

	private static Optional<String> line(Path output, String prefix) throws IOException {
		if (!Files.exists(output)) {
			return Optional.empty();
		}
		return Files.readAllLines(output, StandardCharsets.UTF_8)
			.stream()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(prefix.length()).trim())
			.findFirst();
	}

}
