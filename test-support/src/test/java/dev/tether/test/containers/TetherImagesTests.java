package dev.tether.test.containers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

import static org.assertj.core.api.Assertions.assertThat;

/** How an image of one's own replaces the official one (no Docker needed). */
class TetherImagesTests {

	@AfterEach
	void clearProperty() {
		System.clearProperty("tether.test.image.postgres");
		System.clearProperty("tether.test.image.mariadb");
	}

	@Test
	void aSystemPropertyNamesTheImageAndDeclaresItASubstituteOfTheOfficialOne() {
		System.setProperty("tether.test.image.postgres", "registry.example/db/postgres-local:15");
		DockerImageName image = TetherImages.postgres();
		assertThat(image.asCanonicalNameString()).isEqualTo("registry.example/db/postgres-local:15");
		assertThat(image.isCompatibleWith(DockerImageName.parse("postgres"))).isTrue();
	}

	@Test
	void aBlankSystemPropertyIsIgnored() {
		System.setProperty("tether.test.image.mariadb", "  ");
		assertThat(TetherImages.configured("mariadb")).isNotEqualTo("  ");
	}

	@Test
	void theDefaultsAreTheOfficialImages() {
		assertThat(TetherImages.image("unconfigured-database", TetherImages.DEFAULT_POSTGRES).asCanonicalNameString())
			.isEqualTo("postgres:17");
		assertThat(TetherImages.DEFAULT_MYSQL).startsWith("mysql:8");
		assertThat(TetherImages.DEFAULT_MARIADB).startsWith("mariadb:");
	}

}
