package dev.tether.retry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tether.retry.app.RetryTestApplication.Conflicts;
import dev.tether.routing.HeldRows;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A retry that holds its row's turn and still loses the row to another process begins its next
 * attempt by locking the row ({@code SELECT ... FOR UPDATE}), and wins; attempts before that lock
 * nothing, and no lock outlives its call. Default settings; another process is played by a plain
 * JDBC connection to the primary, outside the application's {@code DataSource}, which commits a
 * version bump between an attempt's read and its write, and asks the database whether the
 * attempt holds the row ({@code FOR UPDATE NOWAIT} fails with 55P03 while it does). Through JPA
 * (Hibernate's mapping names the table) and through {@link VersionedUpdate} (the conflict does).
 */
@SpringBootTest(classes = dev.tether.retry.app.RetryTestApplication.class)
class RetryLockFirstTests {

	enum Access {

		JPA, JDBC

	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		RetryIntegrationTests.register(registry);
	}

	@Autowired
	Conflicts conflicts;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RetryCounters counters;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	private Connection otherProcess;

	@BeforeEach
	void otherProcess() throws SQLException {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		this.otherProcess = DriverManager.getConnection(cluster.primary().jdbcUrl(), cluster.username(),
				cluster.password());
	}

	@AfterEach
	void close() throws SQLException {
		this.otherProcess.close();
	}

	@ParameterizedTest
	@EnumSource
	void aRetryThatLostItsRowElsewhereWhileHoldingTheTurnLocksTheRowFirstAndWins(Access access) throws Exception {
		long id = 930 + access.ordinal();
		freshRow(id);
		List<String> attempts = new CopyOnWriteArrayList<>();
		long locksFirst = this.counters.rowLocksFirst();
		double meteredLocksFirst = this.meters.get("tether.retry.row-locks-first").counter().count();
		call(access, id, () -> {
			attempts.add(lockedByTheAttempt(id) ? "locked" : "free");
			if (attempts.size() <= 2) {
				// the other process wins the row: after the first loss the retry takes the row's turn,
				// so the second loss is one of a turn holder
				commitElsewhere(id);
			}
		});
		assertThat(attempts).as("whether each attempt held the row before writing it")
			.containsExactly("free", "free", "locked");
		assertThat(this.counters.rowLocksFirst()).as("counted").isEqualTo(locksFirst + 1);
		assertThat(this.meters.get("tether.retry.row-locks-first").counter().count()).as("metered")
			.isEqualTo(meteredLocksFirst + 1);
		assertThat(onPrimary("select version from retry_stock where id = " + id))
			.as("two updates of the other process and ours, none lost").isEqualTo("3");
		assertThat(onPrimary("select label from retry_stock where id = " + id))
			.isEqualTo((access == Access.JPA) ? "renamed" : "relabelled");
	}

	@ParameterizedTest
	@EnumSource
	void noLockOutlivesItsCallEvenWhenTheLockedAttemptThrows(Access access) throws Exception {
		long id = 940 + access.ordinal();
		freshRow(id);
		List<String> attempts = new CopyOnWriteArrayList<>();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> call(access, id, () -> {
			attempts.add(lockedByTheAttempt(id) ? "locked" : "free");
			if (attempts.size() <= 2) {
				commitElsewhere(id);
			}
			else {
				throw new IllegalStateException("the locked attempt failed");
			}
		})).withMessage("the locked attempt failed");
		assertThat(attempts).containsExactly("free", "free", "locked");
		assertThat(onPrimary("select version from retry_stock where id = " + id))
			.as("the failed attempt rolled back").isEqualTo("2");
		List<String> next = new CopyOnWriteArrayList<>();
		call(access, id, () -> next.add(lockedByTheAttempt(id) ? "locked" : "free"));
		assertThat(next).as("the thread's next call: one attempt, nothing locked first").containsExactly("free");
	}

	private void call(Access access, long id, Runnable betweenReadAndWrite) {
		if (access == Access.JPA) {
			this.conflicts.renameAfter(id, betweenReadAndWrite);
		}
		else {
			this.conflicts.relabelAfter(id, betweenReadAndWrite);
		}
	}

	private void freshRow(long id) {
		this.jdbc.update("delete from retry_stock where id = ?", id);
		this.jdbc.update("insert into retry_stock (id, quantity, label, version) values (?, 1, 'before', 0)", id);
	}

	/** Another process updates the row and commits. */
	private void commitElsewhere(long id) {
		try (PreparedStatement update = this.otherProcess
			.prepareStatement("update retry_stock set version = version + 1, label = 'other' where id = ?")) {
			update.setLong(1, id);
			assertThat(update.executeUpdate()).isOne();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether another transaction (the attempt's) holds the row, asked from the other process. */
	private boolean lockedByTheAttempt(long id) {
		try {
			return HeldRows.heldElsewhere(this.otherProcess, "retry_stock", id);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String onPrimary(String sql) {
		try (RoutingContextHolder.Scope scope = RoutingContextHolder.forceMaster()) {
			return String.valueOf(this.jdbc.queryForObject(sql, Object.class));
		}
	}

}
