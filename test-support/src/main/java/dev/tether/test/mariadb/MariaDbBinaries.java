package dev.tether.test.mariadb;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the machine's MariaDB server binaries: {@code mariadbd} and {@code mariadb-install-db}, as the
 * Debian package {@code mariadb-server} installs them. Unlike PostgreSQL, Maven Central ships no MariaDB
 * server for Linux, so the MariaDB tests use the machine's, and are skipped (saying so) without it.
 */
public final class MariaDbBinaries {

	/**
	 * System property with the directories (separated like {@code PATH}) to look for the binaries in,
	 * instead of {@code PATH} and the usual directories: for a MariaDB installed elsewhere.
	 */
	public static final String PATH_PROPERTY = "tether.test.mariadb.path";

	/** What to tell a developer whose machine has no {@code mariadbd}. */
	public static final String MISSING_MESSAGE = "mariadbd not found (looked in PATH, /usr/sbin, /usr/local/sbin,"
			+ " /usr/local/mysql/bin): install the Debian package mariadb-server (apt-get install -y mariadb-server)"
			+ " to run the MariaDB tests";

	private static final List<String> EXTRA_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin",
			"/usr/local/bin", "/usr/local/mysql/bin", "/usr/local/mysql/scripts");

	private static volatile Optional<MariaDbBinaries> found;

	private final Path server;

	private final Path installDb;

	private MariaDbBinaries(Path server, Path installDb) {
		this.server = server;
		this.installDb = installDb;
	}

	/**
	 * Whether this machine has a MariaDB server the fixture can start.
	 * @return {@code true} when {@code mariadbd} and {@code mariadb-install-db} were found
	 */
	public static boolean isInstalled() {
		return find().isPresent();
	}

	/**
	 * Returns the binaries, failing with {@link #MISSING_MESSAGE} when there are none.
	 * @return the binaries
	 * @throws IllegalStateException if {@code mariadbd} or {@code mariadb-install-db} is missing
	 */
	static MariaDbBinaries require() {
		return find().orElseThrow(() -> new IllegalStateException(MISSING_MESSAGE));
	}

	private static Optional<MariaDbBinaries> find() {
		Optional<MariaDbBinaries> result = found;
		if (result == null) {
			Optional<Path> server = executable("mariadbd");
			Optional<Path> installDb = executable("mariadb-install-db");
			result = (server.isPresent() && installDb.isPresent())
					? Optional.of(new MariaDbBinaries(server.get(), installDb.get())) : Optional.empty();
			found = result;
		}
		return result;
	}

	private static Optional<Path> executable(String name) {
		List<String> directories = new ArrayList<>();
		String configured = System.getProperty(PATH_PROPERTY);
		if (configured != null) {
			directories.addAll(List.of(configured.split(File.pathSeparator)));
		}
		else {
			String path = System.getenv("PATH");
			if (path != null) {
				directories.addAll(List.of(path.split(File.pathSeparator)));
			}
			// sbin is often not on a non-root user's PATH, where Debian puts mariadbd.
			directories.addAll(EXTRA_DIRECTORIES);
		}
		for (String directory : directories) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	/** The server, {@code mariadbd}. */
	Path server() {
		return this.server;
	}

	/** The data directory initializer, {@code mariadb-install-db}. */
	Path installDb() {
		return this.installDb;
	}

	@Override
	public String toString() {
		return "MariaDbBinaries[" + this.server + ", " + this.installDb + "]";
	}

}
