package dev.tether.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.routing.CommitSettling;
import dev.tether.routing.TetherDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What settling a lost commit's outcome costs a write transaction that loses nothing: one
 * single-row {@code UPDATE} on the primary through the router (with a replica, as an application
 * has it), committed outside a retry boundary (the commit as ever) and inside one three ways: the
 * transaction id read before {@code COMMIT} (one more round trip), the {@code RETURNING} that Tether
 * appends to the plain {@code UPDATE} by key, and the clause written into the {@code UPDATE} by hand
 * (as {@code VersionedUpdate} does). Rounds alternate A B C D; each round is the median of its
 * transactions; the figures are the
 * medians of the rounds.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tether.benchmarks.CommitSettlingHarness [rounds] [transactions]}
 */
public final class CommitSettlingHarness {

	private CommitSettlingHarness() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		int transactions = (args.length > 1) ? Integer.parseInt(args[1]) : 2000;
		try (BenchmarkCluster cluster = new BenchmarkCluster();
				HikariDataSource primary = cluster.primaryPool("settling-primary");
				HikariDataSource replica = cluster.replicaPool("settling-replica")) {
			TetherDataSource router = TetherDataSource.builder(primary).replica("replica-1", replica).build();
			try {
				new JdbcTemplate(router).execute("select 1");
				long[][] medians = new long[Mode.values().length][rounds];
				for (Mode mode : Mode.values()) {
					run(router, mode, transactions);
				}
				for (int round = 0; round < rounds; round++) {
					for (Mode mode : Mode.values()) {
						medians[mode.ordinal()][round] = run(router, mode, transactions);
					}
				}
				long plain = median(medians[0]);
				System.out.printf("one-row UPDATE transaction on the primary, median of %d rounds of %d: plain %.1f µs%n",
						rounds, transactions, plain / 1000.0);
				for (Mode mode : Mode.values()) {
					if (mode != Mode.PLAIN) {
						long inside = median(medians[mode.ordinal()]);
						System.out.printf("  inside a retry boundary, %s: %.1f µs (+%.1f µs, %.2fx)%n", mode.description,
								inside / 1000.0, (inside - plain) / 1000.0, inside / (double) plain);
					}
				}
			}
			finally {
				router.close();
			}
		}
	}

	/** How the transaction runs. */
	private enum Mode {

		PLAIN("outside a boundary"),

		ASKED("the id read before COMMIT (tether.retry.writes-return-transaction-id=false)"),

		APPENDED("Tether appends RETURNING to the plain UPDATE (the default)"),

		RETURNED("the UPDATE written with the id's RETURNING, as VersionedUpdate does");

		private final String description;

		Mode(String description) {
			this.description = description;
		}

	}

	/** One round: the median nanoseconds of a transaction. */
	private static long run(TetherDataSource router, Mode mode, int transactions) throws SQLException {
		boolean settling = mode != Mode.PLAIN;
		long[] nanos = new long[transactions];
		for (int i = 0; i < transactions; i++) {
			long start = System.nanoTime();
			if (settling) {
				CommitSettling.enter(CommitSettling.DEFAULT_TIMEOUT.toNanos(), mode != Mode.ASKED);
			}
			try (Connection connection = router.getConnection()) {
				connection.setAutoCommit(false);
				String sql = "update bench_item set name = name where id = ?";
				String clause = (mode == Mode.RETURNED) ? CommitSettling.transactionIdClause(connection) : null;
				try (PreparedStatement update = connection.prepareStatement((clause != null) ? sql + clause : sql)) {
					update.setInt(1, 1 + (i % BenchmarkCluster.ROWS));
					if (clause == null) {
						update.executeUpdate();
					}
					else {
						try (ResultSet row = update.executeQuery()) {
							row.next();
							CommitSettling.transactionIdReturned(connection, row);
						}
					}
				}
				connection.commit();
				connection.setAutoCommit(true);
			}
			finally {
				if (settling) {
					CommitSettling.exit();
				}
			}
			nanos[i] = System.nanoTime() - start;
		}
		return median(nanos);
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
