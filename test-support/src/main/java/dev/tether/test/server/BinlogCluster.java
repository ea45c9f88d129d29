package dev.tether.test.server;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an embedded MySQL 8 and an embedded MariaDB cluster do alike: a primary and replicas in one
 * work directory watched by a {@link Watchdog}, the application's database and users, waiting for
 * the replicas to catch up by GTID, and an idempotent shutdown (also at JVM exit) that a
 * JVM-wide shared cluster ignores. How each database is initialized and made to replicate stays
 * in its own class. Public only because those classes live in packages of their own; not an API.
 *
 * @param <N> the kind of node
 */
public abstract class BinlogCluster<N extends BinlogNode> implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BinlogCluster.class);

	/** The application database. */
	protected static final String DATABASE = "tether";

	/** The application user, who owns {@link #DATABASE} and administers nothing. */
	protected static final String USERNAME = "tether";

	protected static final String PASSWORD = "tether-secret";

	protected static final String ADMIN = "root";

	/** The user the replicas replicate as. */
	protected static final String REPLICATION_USER = "tether_repl";

	private final String label;

	private final Path workDir;

	private final String adminPassword;

	private final N primary;

	private final List<N> replicas;

	private final Watchdog watchdog;

	private final Thread shutdownHook;

	private volatile boolean shared;

	private boolean closed;

	/**
	 * A cluster of nodes created but not started, whose shutdown hook is registered at once.
	 * @param label the database in logs and thread names: {@code MySQL}, {@code MariaDB}
	 */
	protected BinlogCluster(String label, Path workDir, String adminPassword, N primary, List<N> replicas,
			Watchdog watchdog) {
		this.label = label;
		this.workDir = workDir;
		this.adminPassword = adminPassword;
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.watchdog = watchdog;
		this.shutdownHook = new Thread(this::shutdown, "tether-" + label.toLowerCase(java.util.Locale.ROOT) + "-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * The primary, accepting reads and writes.
	 * @return the primary node
	 */
	public N primary() {
		return this.primary;
	}

	/**
	 * The replicas, in order ({@code replica-1} first).
	 * @return an unmodifiable list, empty for a cluster started with no replicas
	 */
	public List<N> replicas() {
		return this.replicas;
	}

	/**
	 * One replica by zero-based index: {@code replica(0)} is {@code replica-1}.
	 * @param index the index, {@code 0 <= index < replicas().size()}
	 * @return the replica
	 * @throws IndexOutOfBoundsException if there is no such replica
	 */
	public N replica(int index) {
		Objects.checkIndex(index, this.replicas.size());
		return this.replicas.get(index);
	}

	/**
	 * The application database, on which {@link #username()} has every privilege.
	 * @return {@code tether}
	 */
	public String database() {
		return DATABASE;
	}

	/**
	 * The application user: all privileges on {@link #database()}, replication monitoring (MySQL
	 * {@code REPLICATION CLIENT}, MariaDB {@code SLAVE MONITOR}), no administration (so
	 * {@code read_only} binds it).
	 * @return {@code tether}
	 */
	public String username() {
		return USERNAME;
	}

	/**
	 * The password of {@link #username()}.
	 * @return {@code tether-secret}
	 */
	public String password() {
		return PASSWORD;
	}

	/**
	 * The administrator, who bypasses {@code read_only} (on MySQL not {@code super_read_only}).
	 * @return {@code root}
	 */
	public String adminUsername() {
		return ADMIN;
	}

	/**
	 * The administrator's password, random per cluster.
	 * @return the password
	 */
	public String adminPassword() {
		return this.adminPassword;
	}

	/**
	 * Waits until every running replica has applied everything the primary committed before this
	 * call: each replica's GTID wait ({@code WAIT_FOR_EXECUTED_GTID_SET}, {@code MASTER_GTID_WAIT})
	 * for the primary's GTIDs taken now. Stopped or killed replicas are skipped.
	 * @param timeout how long to wait for all replicas together
	 * @throws IllegalStateException if the primary is down or a replica does not catch up in
	 * time (for example while a delay or a pause holds it back)
	 */
	public void awaitReplicasCaughtUp(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		long deadline = System.nanoTime() + timeout.toNanos();
		String target = this.primary.gtidTarget();
		for (N replica : this.replicas) {
			if (replica.isRunning()) {
				replica.awaitGtid(target, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			}
		}
	}

	/**
	 * Ends every node, the watchdog and the work directory. Idempotent. On the JVM-wide shared
	 * cluster this does nothing: that one lives until JVM exit.
	 */
	@Override
	public void close() {
		if (this.shared) {
			logger.debug("Ignoring close() of the JVM-wide shared {} cluster; it is closed at JVM exit", this.label);
			return;
		}
		shutdown();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down.
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[primary=" + this.primary + ", replicas=" + this.replicas + "]";
	}

	// --- for the two cluster classes ---

	/** Ends one node at shutdown: a clean stop, or a kill where the clean one takes seconds. */
	protected abstract void endNode(N node);

	protected final Path workDirectory() {
		return this.workDir;
	}

	protected final long watchdogProcessId() {
		return this.watchdog.pid();
	}

	/** Marks this cluster as the JVM-wide one that {@link #close()} must not stop. */
	protected final void shared() {
		this.shared = true;
	}

	/** Runs {@code action} on every node, in parallel, and rethrows the first failure. */
	protected final void runOnEach(List<N> nodes, Consumer<N> action) {
		if (nodes.size() <= 1) {
			nodes.forEach(action);
			return;
		}
		List<Thread> threads = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		for (N node : nodes) {
			Thread thread = new Thread(() -> {
				try {
					action.accept(node);
				}
				catch (RuntimeException ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			}, "tether-" + this.label.toLowerCase(java.util.Locale.ROOT) + "-" + node.name());
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the " + this.label + " nodes", ex);
			}
		}
		if (!failures.isEmpty()) {
			RuntimeException first = failures.get(0);
			failures.stream().skip(1).forEach(first::addSuppressed);
			throw first;
		}
	}

	/** Copies a data directory with its attributes, leaving out the files named in {@code notCopied}. */
	protected static void copyDataDirectory(Path source, Path target, Set<String> notCopied) throws IOException {
		Files.walkFileTree(source, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Files.copy(dir, target.resolve(source.relativize(dir)), StandardCopyOption.COPY_ATTRIBUTES);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				if (!notCopied.contains(file.getFileName().toString())) {
					Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

	private synchronized void shutdown() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		List<N> nodes = new ArrayList<>(this.replicas);
		nodes.add(this.primary);
		runOnEach(nodes, (node) -> {
			try {
				endNode(node);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not stop {}", node, ex);
			}
		});
		this.watchdog.stop();
		Os.deleteQuietly(this.workDir);
		logger.info("Embedded {} stopped, {} deleted", this.label, this.workDir);
	}

}
