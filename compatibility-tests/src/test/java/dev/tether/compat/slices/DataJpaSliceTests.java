package dev.tether.compat.slices;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.compat.Databases;
import dev.tether.routing.TetherRouters;
import dev.tether.test.assertj.AnsweringNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tether.test.assertj.TetherAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJpaTest} against the real primary: the slice imports only the auto-configurations
 * listed for it, and Tether's are not among them, so the repository test runs exactly as it does
 * without the starter - on the application's own pool, on the primary.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class DataJpaSliceTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Databases.register(registry);
	}

	@BeforeAll
	static void schema() {
		Databases.execute(SliceApplication.SCHEMA);
	}

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private NoteRepository notes;

	@Test
	void theSliceHasNoTetherAutoConfigurationInItsConditionReport() {
		var evaluated = ConditionEvaluationReport.get(this.context.getBeanFactory()).getConditionAndOutcomesBySource();
		assertThat(evaluated.keySet()).as("Boot's DataSource auto-configuration is in the slice")
			.anyMatch((source) -> source.startsWith("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"))
			.noneMatch((source) -> source.startsWith("dev.tether."));
		assertThat(this.context.getBeanNamesForType(TetherRouters.class)).isEmpty();
		assertThat(this.dataSource).isInstanceOf(HikariDataSource.class);
	}

	@Test
	void theRepositoryWritesAndReadsOnThePrimaryInTheTestsTransaction() throws Exception {
		Note saved = this.notes.save(new Note("slice"));
		assertThat(this.notes.findById(saved.getId())).isPresent();
		assertThat(this.notes.onReplica()).isFalse();
		assertThat(AnsweringNode.of(DataSourceUtils.getConnection(this.dataSource))).isPrimary();
	}

}
