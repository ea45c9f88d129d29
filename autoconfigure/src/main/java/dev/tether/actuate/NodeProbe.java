package dev.tether.actuate;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

/**
 * Asks one node whether it answers: takes a connection from its pool and validates it, within a
 * time limit. A pool waits up to its own connection timeout (30 seconds by default for the
 * primary) for a dead node, so the check runs on another thread and the caller stops waiting at
 * the limit. At most one check per node runs at a time: a caller that finds one still running
 * waits for that one, so a hung node does not pile up threads.
 */
final class NodeProbe {

	private final DataSource dataSource;

	private final Duration timeout;

	private final Executor executor;

	private CompletableFuture<Result> running;

	NodeProbe(DataSource dataSource, Duration timeout, Executor executor) {
		this.dataSource = dataSource;
		this.timeout = timeout;
		this.executor = executor;
	}

	Result check() {
		CompletableFuture<Result> check = start();
		try {
			return check.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return Result.down("No answer within " + this.timeout.toMillis() + "ms");
		}
		catch (ExecutionException ex) {
			return Result.down(describe(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Result.down("Interrupted");
		}
	}

	private synchronized CompletableFuture<Result> start() {
		if (this.running == null || this.running.isDone()) {
			this.running = CompletableFuture.supplyAsync(this::validate, this.executor);
		}
		return this.running;
	}

	private Result validate() {
		int seconds = (int) Math.max(1, this.timeout.toSeconds());
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.isValid(seconds) ? Result.UP : Result.down("Connection.isValid() returned false");
		}
		catch (Exception ex) {
			return Result.down(describe(ex));
		}
	}

	/** The failure's class and message; JDBC drivers do not put passwords in their messages. */
	private static String describe(Throwable ex) {
		return ex.getClass().getName() + ": " + ex.getMessage();
	}

	/**
	 * What a check found.
	 *
	 * @param up whether the node answered
	 * @param error why not, or {@code null}
	 */
	record Result(boolean up, String error) {

		static final Result UP = new Result(true, null);

		static Result down(String error) {
			return new Result(false, error);
		}

	}

}
