package dev.tether.test.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operating-system plumbing of the embedded database fixtures: running commands as the server
 * user, file ownership, zombie-aware liveness checks and log tails. Support code of
 * {@code tether-test}, not an API.
 */
public final class Os {

	private static final Logger logger = LoggerFactory.getLogger(Os.class);

	/**
	 * uid/gid of {@code nobody}: PostgreSQL refuses to run as root and MariaDB only does with
	 * {@code --user=root}, so root JVMs run them as this.
	 */
	public static final int SERVER_ID = 65534;

	/** Whether this JVM runs as root. */
	public static final boolean ROOT = detectRoot();

	private Os() {
	}

	private static boolean detectRoot() {
		try {
			return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
		}
		catch (Throwable ex) {
			// jdk.security.auth not present (custom runtime image): fall back to the name.
			return "root".equals(System.getProperty("user.name"));
		}
	}

	/**
	 * Prefixes {@code command} with {@code setpriv} when this JVM runs as root.
	 * @param command the command
	 * @return the command to run
	 */
	public static List<String> asServerUser(List<String> command) {
		if (!ROOT) {
			return command;
		}
		List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + SERVER_ID, "--regid=" + SERVER_ID,
				"--clear-groups", "--"));
		wrapped.addAll(command);
		return wrapped;
	}

	/**
	 * When root, gives {@code root} and everything below it to the server user.
	 * @param root a file or directory
	 * @throws IOException if the owner cannot be changed
	 */
	public static void giveToServerUser(Path root) throws IOException {
		if (!ROOT) {
			return;
		}
		UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
		UserPrincipal user = lookup.lookupPrincipalByName(Integer.toString(SERVER_ID));
		GroupPrincipal group = lookup.lookupPrincipalByGroupName(Integer.toString(SERVER_ID));
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
						LinkOption.NOFOLLOW_LINKS);
				view.setOwner(user);
				view.setGroup(group);
			}
		}
	}

	/**
	 * Whether {@code pid} is a live process. Zombies count as dead: an orphaned, killed
	 * server lingers as one until init gets round to reaping it.
	 * @param pid the process id
	 * @return whether it runs
	 */
	public static boolean isRunning(long pid) {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		try {
			String content = Files.readString(stat, StandardCharsets.UTF_8);
			int end = content.lastIndexOf(')');
			char state = (end >= 0 && end + 2 < content.length()) ? content.charAt(end + 2) : '?';
			return state != 'Z' && state != 'X';
		}
		catch (NoSuchFileException ex) {
			return !Files.isDirectory(Path.of("/proc")) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Runs {@code command} to completion, failing with its output when it fails or times out.
	 * @param command the command
	 * @param directory its working directory
	 * @param timeout how long it may take
	 * @return its output
	 * @throws IOException if it fails, with its output
	 */
	public static String run(List<String> command, Path directory, Duration timeout) throws IOException {
		File output = File.createTempFile("tether-cmd-", ".out");
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			boolean exited;
			try {
				exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while running " + command, ex);
			}
			String text = Files.readString(output.toPath(), StandardCharsets.UTF_8);
			if (!exited) {
				process.destroyForcibly();
				throw new IOException(command + " did not finish within " + timeout + ":\n" + text);
			}
			if (process.exitValue() != 0) {
				throw new IOException(command + " failed with exit code " + process.exitValue() + ":\n" + text);
			}
			return text;
		}
		finally {
			Files.deleteIfExists(output.toPath());
		}
	}

	/**
	 * The last {@code lines} lines of a log file, or a note why there are none.
	 * @param log the file
	 * @param lines how many lines
	 * @return the lines, joined
	 */
	public static String tail(Path log, int lines) {
		try {
			List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (NoSuchFileException ex) {
			return "(no server log at " + log + ")";
		}
		catch (IOException | UncheckedIOException ex) {
			return "(could not read server log " + log + ": " + ex + ")";
		}
	}

	/**
	 * Deletes {@code root} recursively; missing files are fine.
	 * @param root a file or directory
	 * @throws IOException if something cannot be deleted
	 */
	public static void deleteRecursively(Path root) throws IOException {
		if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		Files.walkFileTree(root, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				if (ex instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw ex;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
				if (ex != null && !(ex instanceof NoSuchFileException)) {
					throw ex;
				}
				Files.deleteIfExists(dir);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/**
	 * Deletes {@code root} recursively, logging instead of failing: for clean-up paths that must
	 * go on.
	 * @param root a file or directory, or {@code null} (nothing to do)
	 */
	public static void deleteQuietly(Path root) {
		if (root == null) {
			return;
		}
		try {
			deleteRecursively(root);
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}", root, ex);
		}
	}

	/**
	 * Sleeps briefly between polls; restores the interrupt flag and fails if interrupted.
	 * @param millis how long
	 */
	public static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the database", ex);
		}
	}

}
