package dev.tether.retry;

import dev.tether.unversioned.Note;
import dev.tether.unversioned.UnversionedApplication;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** The startup report of JPA entities without {@code @Version}, on a real Hibernate metamodel. */
@ExtendWith(OutputCaptureExtension.class)
class VersionFieldCheckTests {

	@Test
	void warnsByDefaultNamingTheEntity(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(output).contains("JPA entities without a @Version field: [" + Note.class.getName() + "]");
		}
	}

	@Test
	void failsTheStartupWhenRequired() {
		assertThatException().isThrownBy(() -> start("--tether.retry.require-version=fail").close())
			.satisfies((ex) -> assertThat(ex).hasStackTraceContaining(Note.class.getName())
				.hasStackTraceContaining("tether.retry.require-version=fail"));
	}

	@Test
	void staysQuietWhenSwitchedOff(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--tether.retry.require-version=off")) {
			assertThat(output).doesNotContain("without a @Version field");
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();
		String[] all = new String[args.length + 6];
		all[0] = "--spring.datasource.url=" + cluster.primary().jdbcUrl();
		all[1] = "--spring.datasource.username=" + cluster.username();
		all[2] = "--spring.datasource.password=" + cluster.password();
		all[3] = "--spring.jpa.hibernate.ddl-auto=none";
		all[4] = "--spring.datasource.hikari.maximum-pool-size=2";
		all[5] = "--spring.main.web-application-type=none";
		System.arraycopy(args, 0, all, 6, args.length);
		return new SpringApplicationBuilder(UnversionedApplication.class).run(all);
	}

}
