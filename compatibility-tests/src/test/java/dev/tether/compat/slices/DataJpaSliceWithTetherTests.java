package dev.tether.compat.slices;

import javax.sql.DataSource;

import dev.tether.compat.Databases;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @DataJpaTest} that opts in to routing with
 * {@code @ImportAutoConfiguration(RoutingAutoConfiguration.class)}: the slice's test transaction
 * is read-write and stays on the primary, and a read-only transaction outside it reads on the
 * replica, as in the application.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImportAutoConfiguration(RoutingAutoConfiguration.class)
class DataJpaSliceWithTetherTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Databases.register(registry);
	}

	@BeforeAll
	static void schema() {
		Databases.execute(SliceApplication.SCHEMA);
	}

	@Autowired
	private DataSource dataSource;

	@Autowired
	private NoteRepository notes;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void theTestsOwnTransactionRunsOnThePrimary() {
		assertThat(this.dataSource).isInstanceOf(TetherDataSource.class);
		this.notes.save(new Note("routed slice"));
		assertThat(this.notes.onReplica()).isFalse();
	}

	@Test
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	void aReadOnlyTransactionOfTheRepositoryReadsOnTheReplica() {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		Boolean replica = readOnly.execute((status) -> this.notes.onReplica());
		assertThat(replica).isTrue();
		Boolean primary = new TransactionTemplate(this.transactionManager).execute((status) -> !this.notes.onReplica());
		assertThat(primary).isTrue();
	}

}
