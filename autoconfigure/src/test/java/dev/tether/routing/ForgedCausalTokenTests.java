package dev.tether.routing;

import java.time.Duration;

import javax.sql.DataSource;

import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token any caller can send: one that asks for a position the primary has not reached is made
 * up, and is dropped after one check of the primary, so the read stays on the replica; a genuine
 * token of a write the replica has not replayed still keeps the read on the primary. On the real
 * primary and replica, with the starter's defaults.
 */
class ForgedCausalTokenTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl());

	@Test
	void aTokenAheadOfThePrimaryIsDroppedAndTheReadStaysOnTheReplica() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			CausalTokens tokens = context.getBean(CausalTokens.class);
			long primaryNow = new JdbcTemplate(dataSource).queryForObject(
					"select pg_current_wal_insert_lsn() - '0/0'::pg_lsn", Long.class);
			String forged = "1." + Long.toHexString(primaryNow + (1L << 40));
			try (RoutingContextHolder.Scope scope = tokens.open(forged)) {
				assertThat(readOnlyRunsOnAReplica(dataSource)).as("a made-up position keeps no read on the primary").isTrue();
				assertThat(tokens.current()).as("nor is it passed on").isNull();
			}
			assertThat(tokens.aheadOfPrimary()).isEqualTo(1);
		});
	}

	@Test
	void aGenuineTokenOfAWriteTheReplicaHasNotReplayedKeepsTheReadOnThePrimary() {
		this.runner.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			CausalTokens tokens = context.getBean(CausalTokens.class);
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute("create table if not exists genuine_token (id int)");
			cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
			cluster.replica(0).pauseReplay();
			try {
				String token;
				try (RoutingContextHolder.Scope scope = tokens.open(null)) {
					new TransactionTemplate(new DataSourceTransactionManager(dataSource))
						.executeWithoutResult((status) -> jdbc.update("insert into genuine_token values (1)"));
					token = tokens.current();
				}
				assertThat(token).isNotNull();
				try (RoutingContextHolder.Scope scope = tokens.open(token)) {
					assertThat(readOnlyRunsOnAReplica(dataSource)).as("the replica has not replayed the write").isFalse();
				}
				assertThat(tokens.aheadOfPrimary()).isZero();
			}
			finally {
				cluster.replica(0).resumeReplay();
			}
		});
	}

	private static boolean readOnlyRunsOnAReplica(DataSource dataSource) {
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);
		return readOnly.execute((status) -> new JdbcTemplate(dataSource).queryForObject("select pg_is_in_recovery()",
				Boolean.class));
	}

}
