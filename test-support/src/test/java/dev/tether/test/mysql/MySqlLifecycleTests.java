package dev.tether.test.mysql;

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

import dev.tether.test.server.Os;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** Clusters of their own: close() and a killed JVM leave no mysqld and no directory behind. */
class MySqlLifecycleTests {

	@BeforeAll
	static void mysqlAvailable() {
		assumeThat(MySqlBinaries.isAvailable()).as(MySqlBinaries.unavailableReason()).isTrue();
	}

	@Test
	void closeStopsEveryServerAndTheWatchdogAndDeletesTheWorkDirectory() throws SQLException {
		EmbeddedReplicatedMySql mysql = EmbeddedReplicatedMySql.start(0);
		Path workDir = mysql.workDir();
		long pid;
		try {
			assertThat(mysql.replicas()).isEmpty();
			assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> mysql.replica(0));
			assertThat(MySqlJdbc.queryString(mysql, mysql.primary(), "SELECT @@read_only")).isEqualTo("0");
			mysql.awaitReplicasCaughtUp(Duration.ofSeconds(1));
			pid = mysql.primary().pid();
			assertThat(Os.isRunning(pid)).isTrue();
			assertThat(workDir.resolve("primary.sock")).as("its own socket, never the machine's").exists();
			assertThat(workDir.resolve("init.sql")).as("the init file, which holds the passwords").doesNotExist();
		}
		finally {
			mysql.close();
		}
		assertThat(Os.isRunning(pid)).isFalse();
		assertThat(Os.isRunning(mysql.watchdogPid())).isFalse();
		assertThat(workDir).doesNotExist();
		mysql.close();
	}

	@Test
	void noServerSurvivesAKillDashNineOfItsJvm(@TempDir Path tempDir) throws Exception {
		Path output = tempDir.resolve("child.out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				MySqlInDoomedJvm.class.getName())
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
					.allSatisfy((pid) -> assertThat(Os.isRunning(pid)).as("mysqld %d", pid).isFalse()));
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
