package dev.tether.compat.libraries;

import java.util.List;

import javax.sql.DataSource;

import dev.tether.compat.Databases;
import dev.tether.compat.Tether;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.RoutingTarget;
import dev.tether.routing.TetherDataSource;
import dev.tether.test.assertj.AnsweringNode;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Batch's JDBC JobRepository on the routed DataSource: it creates executions at
 * {@code SERIALIZABLE} and updates them in {@code REQUIRES_NEW} transactions of its own, all
 * read-write, so all on the primary. A job runs to COMPLETED with nothing refused, and leaves
 * the same job and step records as without the starter (the same job in a second schema).
 */
class BatchJobRepositoryTests {

	private final ApplicationContextRunner plain = new ApplicationContextRunner()
		.withConfiguration(Tether.jdbc())
		.withConfiguration(AutoConfigurations.of(BatchAutoConfiguration.class, BatchJdbcAutoConfiguration.class))
		.withUserConfiguration(OneStepJob.class)
		// Boot creates Batch's tables only in embedded databases by default; this is a real one.
		.withPropertyValues("spring.batch.jdbc.initialize-schema=always");

	private final ApplicationContextRunner withTether = this.plain.withConfiguration(Tether.autoConfigurations());

	@Test
	void aJobRunsToCompletionWithItsRepositoryOnThePrimaryAndNothingRefused() {
		this.withTether.withPropertyValues(Databases.properties("compat_batch_tether")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(TetherDataSource.find(context.getBean(DataSource.class))).isNotNull();
			assertThat(run(context)).isEqualTo(BatchStatus.COMPLETED);
			assertThat(context.getBean(OneStepJob.class).stepNode.replica()).as("the step's transaction").isFalse();
			RoutingCounters counters = context.getBean(RoutingCounters.class);
			Tether.assertNothingRefused(counters);
			assertThat(counters.decisions(RoutingTarget.REPLICA)).as("nothing of the job read on a replica").isZero();
		});
		assertThat(records("compat_batch_tether")).containsExactly("COMPLETED one-step COMPLETED");
	}

	@Test
	void theSerializableIsolationTheRepositoryAsksForReachesThePrimary() {
		this.withTether.withPropertyValues(Databases.properties("compat_batch_isolation")).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			TransactionTemplate serializable = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
			serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
			serializable.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			List<String> seen = serializable.execute((status) -> List.of(
					new JdbcTemplate(dataSource).queryForObject("show transaction_isolation", String.class),
					Boolean.toString(isReplica(dataSource))));
			assertThat(seen).containsExactly("serializable", "false");
		});
	}

	@Test
	void theJobLeavesTheSameRecordsAsWithoutTheStarter() {
		this.plain.withPropertyValues(Databases.primaryOnlyIn("compat_batch_plain"))
			.run((context) -> assertThat(run(context)).isEqualTo(BatchStatus.COMPLETED));
		this.withTether.withPropertyValues(Databases.properties("compat_batch_routed"))
			.run((context) -> assertThat(run(context)).isEqualTo(BatchStatus.COMPLETED));
		assertThat(records("compat_batch_routed")).isEqualTo(records("compat_batch_plain")).isNotEmpty();
	}

	private static BatchStatus run(ConfigurableApplicationContext context) throws Exception {
		JobExecution execution = context.getBean(JobOperator.class)
			.start(context.getBean(Job.class), new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters());
		return execution.getStatus();
	}

	private static boolean isReplica(DataSource dataSource) {
		try {
			return AnsweringNode.of(DataSourceUtils.getConnection(dataSource)).replica();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> records(String schema) {
		return Databases.query(Databases.cluster().primary(), "select e.status || ' ' || s.step_name || ' ' || s.status from "
				+ schema + ".batch_job_execution e join " + schema + ".batch_step_execution s using (job_execution_id)");
	}

	@Configuration(proxyBeanMethods = false)
	static class OneStepJob {

		volatile AnsweringNode stepNode;

		@Bean
		Job oneStepJob(JobRepository repository, PlatformTransactionManager transactionManager, DataSource dataSource) {
			return new JobBuilder("one-step-job", repository)
				.start(new StepBuilder("one-step", repository).tasklet((contribution, chunk) -> {
					this.stepNode = AnsweringNode.of(DataSourceUtils.getConnection(dataSource));
					return RepeatStatus.FINISHED;
				}, transactionManager).build())
				.build();
		}

	}

}
