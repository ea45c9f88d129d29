package dev.tether.test.containers;

import java.util.Locale;

import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * The database images tether-test's containers use: the official {@code postgres}, {@code mysql}
 * and {@code mariadb} images by default, or an image of one's own (for a machine without access
 * to an image registry) named by, in this order:
 * <ol>
 * <li>the system property {@code tether.test.image.<database>} (for example
 * {@code -Dtether.test.image.postgres=my-registry/postgres:17});</li>
 * <li>the environment variable {@code TETHER_TEST_IMAGE_<DATABASE>};</li>
 * <li>the same key, {@code tether.test.image.<database>}, in {@code ~/.testcontainers.properties}
 * (the project's {@code .ci/run} writes its locally built images there).</li>
 * </ol>
 * An image of one's own must keep the contract of the official one that Testcontainers relies
 * on (environment variables, readiness log lines, {@code /docker-entrypoint-initdb.d}); it is
 * declared a compatible substitute of the official image.
 */
public final class TetherImages {

	/** The official PostgreSQL image used by default. */
	public static final String DEFAULT_POSTGRES = "postgres:17";

	/** The official MySQL image used by default. */
	public static final String DEFAULT_MYSQL = "mysql:8.4";

	/** The official MariaDB image used by default. */
	public static final String DEFAULT_MARIADB = "mariadb:11.4";

	private TetherImages() {
	}

	/** The PostgreSQL image ({@code tether.test.image.postgres}, default {@value #DEFAULT_POSTGRES}). */
	public static DockerImageName postgres() {
		return image("postgres", DEFAULT_POSTGRES);
	}

	/** The MySQL image ({@code tether.test.image.mysql}, default {@value #DEFAULT_MYSQL}). */
	public static DockerImageName mysql() {
		return image("mysql", DEFAULT_MYSQL);
	}

	/** The MariaDB image ({@code tether.test.image.mariadb}, default {@value #DEFAULT_MARIADB}). */
	public static DockerImageName mariadb() {
		return image("mariadb", DEFAULT_MARIADB);
	}

	static DockerImageName image(String database, String defaultImage) {
		String name = configured(database);
		if (name == null) {
			return DockerImageName.parse(defaultImage);
		}
		return DockerImageName.parse(name).asCompatibleSubstituteFor(database);
	}

	/** The configured image name for {@code database}, or {@code null}. */
	static String configured(String database) {
		String key = "tether.test.image." + database;
		String value = System.getProperty(key);
		if (isBlank(value)) {
			value = System.getenv("TETHER_TEST_IMAGE_" + database.toUpperCase(Locale.ROOT));
		}
		if (isBlank(value)) {
			value = TestcontainersConfiguration.getInstance().getUserProperty(key, null);
		}
		return isBlank(value) ? null : value.trim();
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
