package dev.tether.batch;

import dev.tether.batch.app.BatchingApplication;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Hibernate's batching defaults and the startup report, on a real Hibernate 7 setup. */
@ExtendWith(OutputCaptureExtension.class)
class HibernateBatchingTests {

	@Test
	void batchingIsOnByDefaultAndIdentityIdsAreReported(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			var properties = context.getBean(EntityManagerFactory.class).getProperties();
			assertThat(properties.get("hibernate.jdbc.batch_size")).hasToString("50");
			assertThat(properties.get("hibernate.order_inserts")).hasToString("true");
			assertThat(properties.get("hibernate.order_updates")).hasToString("true");
			assertThat(output).contains("Entities with IDENTITY-generated ids cannot be inserted in JDBC batches: ["
					+ BatchingApplication.IdentityThing.class.getName() + "]");
		}
	}

	@Test
	void theApplicationsOwnSettingsWin(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--spring.jpa.properties.hibernate.jdbc.batch_size=0",
				"--tether.batch.size=20")) {
			var properties = context.getBean(EntityManagerFactory.class).getProperties();
			assertThat(properties.get("hibernate.jdbc.batch_size")).hasToString("0");
			assertThat(output).contains("hibernate.jdbc.batch_size is 0");
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
		return new SpringApplicationBuilder(BatchingApplication.class).run(all);
	}

}
