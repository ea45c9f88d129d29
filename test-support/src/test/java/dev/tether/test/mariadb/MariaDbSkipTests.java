package dev.tether.test.mariadb;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Without mariadbd the MariaDB tests are skipped, saying how to install it: never passed silently. */
class MariaDbSkipTests {

	@Test
	void testsOnAMachineWithoutMariaDbAreAbortedWithTheInstallCommand(@TempDir Path noBinaries) throws Exception {
		Path output = noBinaries.resolve("child.out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-D" + MariaDbBinaries.PATH_PROPERTY + "=" + noBinaries, "-cp",
				System.getProperty("java.class.path"), TestsWithoutMariaDb.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
		assertThat(lines).as("child output").anySatisfy((line) -> assertThat(line)
			.startsWith("RESULT MariaDbReplicationTests ABORTED")
			.contains("mariadbd not found")
			.contains("apt-get install -y mariadb-server"));
		assertThat(lines).as("no test ran, none passed")
			.filteredOn((line) -> !line.startsWith("RESULT JUnit Jupiter "))
			.noneMatch((line) -> line.contains(" SUCCESSFUL") || line.contains(" FAILED"));
	}

}
