package dev.tether.test.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.tether.test.server.Os;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JvmKillTests {

	@Test
	void noServerProcessSurvivesAKillDashNineOfItsJvm(@TempDir Path tempDir) throws Exception {
		Path output = tempDir.resolve("child.out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				ClusterInDoomedJvm.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(50))
				.failFast("child JVM exited", () -> !child.isAlive())
				.until(() -> line(output, "PIDS ").isPresent());
			Path workDir = Path.of(line(output, "WORKDIR ").orElseThrow());
			long watchdog = Long.parseLong(line(output, "WATCHDOG ").orElseThrow());
			List<Long> postmasters = Arrays.stream(line(output, "PIDS ").orElseThrow().split(" "))
				.map(Long::valueOf)
				.toList();
			List<Long> serverProcesses = new ArrayList<>(postmasters);
			for (long pid : postmasters) {
				ProcessHandle.of(pid).ifPresent((handle) -> handle.descendants().forEach((d) -> serverProcesses.add(d.pid())));
			}
			assertThat(postmasters).hasSize(2).allSatisfy((pid) -> assertThat(Os.isRunning(pid)).isTrue());
			assertThat(serverProcesses).hasSizeGreaterThan(postmasters.size());

			child.destroyForcibly();
			assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(() -> assertThat(serverProcesses)
					.allSatisfy((pid) -> assertThat(Os.isRunning(pid)).as("process %d", pid).isFalse()));
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
