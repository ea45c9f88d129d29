package dev.tether.test.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.tether.test.server.Os;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ClusterLifecycleTests {

	@Test
	void aClusterWithTwoReplicasStreamsToBothAndCloseLeavesNothingBehind() throws SQLException {
		EmbeddedReplicatedPostgres postgres = EmbeddedReplicatedPostgres.start(2);
		List<Long> pids;
		Path workDir = postgres.workDir();
		try {
			assertThat(postgres.replicas()).extracting(PostgresNode::name).containsExactly("replica-1", "replica-2");
			// A walsender reports 'catchup' until the replica has caught up once.
			await().atMost(Duration.ofSeconds(10)).until(() -> streamingReplicas(postgres) == 2);
			String table = Jdbc.createTable(postgres);
			String id = Jdbc.insertRow(postgres, table);
			postgres.awaitReplicasCaughtUp(Duration.ofSeconds(10));
			for (PostgresNode replica : postgres.replicas()) {
				assertThat(Jdbc.rowVisible(postgres, replica, table, id)).isTrue();
			}
			pids = postmasterPids(postgres);
			assertThat(pids).hasSize(3).allSatisfy((pid) -> assertThat(Os.isRunning(pid)).isTrue());
		}
		finally {
			postgres.close();
		}

		assertThat(pids).allSatisfy((pid) -> assertThat(Os.isRunning(pid)).isFalse());
		assertThat(Os.isRunning(postgres.watchdogPid())).isFalse();
		assertThat(workDir).doesNotExist();
		assertThat(postgres.primary().isRunning()).isFalse();
		postgres.close();
	}

	@Test
	void aClusterWithoutReplicasHasOnlyAPrimary() throws SQLException {
		try (EmbeddedReplicatedPostgres postgres = EmbeddedReplicatedPostgres.start(0)) {
			assertThat(postgres.replicas()).isEmpty();
			assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> postgres.replica(0));
			assertThat(Jdbc.queryBoolean(postgres, postgres.primary(), "SELECT NOT pg_is_in_recovery()")).isTrue();
			postgres.awaitReplicasCaughtUp(Duration.ofSeconds(1));
		}
	}

	@Test
	void aNegativeNumberOfReplicasIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedReplicatedPostgres.start(-1))
			.withMessageContaining("replicas");
	}

	@Test
	void theBinariesAreExtractedOnceIntoAWorldReadableCache() {
		Path installation = PostgresBinaries.install();

		assertThat(PostgresBinaries.install()).isSameAs(installation);
		// <version>-<hash>, the version being unknown when the binaries come from a shaded jar.
		assertThat(installation.getFileName().toString()).matches("(17\\.7\\.0|pg)-[0-9a-f]{16}");
		assertThat(installation.resolve("bin/postgres")).isExecutable();
		assertThat(installation.resolve("lib/libpq.so.5")).exists();
		assertThat(Files.isSymbolicLink(installation.resolve("lib/libpq.so.5"))).isTrue();
	}

	private static int streamingReplicas(EmbeddedReplicatedPostgres postgres) throws SQLException {
		try (Connection connection = postgres.primary().openSuperuserConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_stat_replication"
						+ " WHERE application_name IN ('replica-1', 'replica-2') AND state = 'streaming'")) {
			result.next();
			return result.getInt(1);
		}
	}

	static List<Long> postmasterPids(EmbeddedReplicatedPostgres postgres) {
		return Stream.concat(Stream.of(postgres.primary()), postgres.replicas().stream())
			.map((node) -> node.postmasterPid().orElseThrow())
			.toList();
	}

}
