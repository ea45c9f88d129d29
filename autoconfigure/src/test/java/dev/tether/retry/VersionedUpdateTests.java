package dev.tether.retry;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VersionedUpdateTests {

	private static HikariDataSource dataSource;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void connect() {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(cluster.primary().jdbcUrl());
		dataSource.setUsername(cluster.username());
		dataSource.setPassword(cluster.password());
		dataSource.setMaximumPoolSize(2);
		jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("create table if not exists versioned_item (id bigint primary key, name text, version bigint not null)");
		jdbc.update("delete from versioned_item where true");
		jdbc.update("insert into versioned_item values (1, 'one', 7)");
	}

	@AfterAll
	static void disconnect() {
		dataSource.close();
	}

	@Test
	void updatesTheRowAtTheExpectedVersionAndBumpsIt() {
		long version = jdbc.queryForObject("select version from versioned_item where id = 1", Long.class);
		long next = VersionedUpdate.of(jdbc, "versioned_item").set("name", "renamed").where("id", 1L).ifVersion(version).execute();
		assertThat(next).isEqualTo(version + 1);
		assertThat(jdbc.queryForObject("select name || ':' || version from versioned_item where id = 1", String.class))
			.isEqualTo("renamed:" + next);
	}

	@Test
	void aStaleVersionThrowsSpringsOptimisticLockingFailureAndChangesNothing() {
		long version = jdbc.queryForObject("select version from versioned_item where id = 1", Long.class);
		String name = jdbc.queryForObject("select name from versioned_item where id = 1", String.class);
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> VersionedUpdate.of(jdbc, "versioned_item").set("name", "lost").where("id", 1L)
				.ifVersion(version - 1).execute())
			.withMessageContaining("no longer at version " + (version - 1));
		assertThat(jdbc.queryForObject("select name from versioned_item where id = 1", String.class)).isEqualTo(name);
		assertThat(ConflictClassifier.classify(new OptimisticLockingFailureException("x")))
			.isEqualTo(ConflictKind.OPTIMISTIC_LOCK);
	}

	@Test
	void identifiersThatAreNotPlainNamesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> VersionedUpdate.of(jdbc, "item; drop table x"))
			.withMessageContaining("not a plain SQL identifier");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VersionedUpdate.of(jdbc, "versioned_item").set("name = 'x', id", 1));
	}

}
