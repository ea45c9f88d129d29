package dev.tether.compat.libraries;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.tether.compat.Databases;
import dev.tether.compat.Tether;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quartz's JDBC job store on the routed DataSource, clustered so that every trigger acquisition
 * takes its row lock ({@code SELECT ... FOR UPDATE} on {@code qrtz_locks}) in a transaction of
 * its own: the lock and the job store's writes are on the primary, a job fires, nothing is
 * refused, and it behaves as without the starter.
 */
class QuartzJdbcJobStoreTests {

	private final ApplicationContextRunner plain = new ApplicationContextRunner()
		.withConfiguration(Tether.jdbc())
		.withConfiguration(AutoConfigurations.of(QuartzAutoConfiguration.class))
		.withUserConfiguration(OneShot.class)
		// The JDBC job store and its tables are opt-in; clustered mode takes the row locks on every acquisition.
		.withPropertyValues("spring.quartz.job-store-type=jdbc", "spring.quartz.jdbc.initialize-schema=always",
				"spring.quartz.properties.org.quartz.jobStore.isClustered=true",
				// Quartz's documented delegate for PostgreSQL (its job data is bytea, not a BLOB).
				"spring.quartz.properties.org.quartz.jobStore.driverDelegateClass=org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
				"spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=1000",
				"spring.quartz.properties.org.quartz.threadPool.threadCount=1",
				// Quartz sleeps up to 30 s between acquisitions when idle; the test waits for one.
				"spring.quartz.properties.org.quartz.scheduler.idleWaitTime=1000");

	private final ApplicationContextRunner withTether = this.plain.withConfiguration(Tether.autoConfigurations());

	@Test
	void aJobFiresWithTheJobStoresLocksOnThePrimaryAndNothingRefused() {
		OneShot.fired = new CountDownLatch(1);
		this.withTether.withPropertyValues(Databases.properties("compat_quartz_tether")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(TetherDataSource.find(context.getBean(DataSource.class))).isNotNull();
			assertThat(OneShot.fired.await(30, TimeUnit.SECONDS)).as("the job fired").isTrue();
			Tether.assertNothingRefused(context.getBean(RoutingCounters.class));
		});
		assertThat(locks("compat_quartz_tether")).as("row locks taken on the primary").contains("TRIGGER_ACCESS", "STATE_ACCESS");
		assertThat(jobs("compat_quartz_tether")).containsExactly("one-shot");
	}

	@Test
	void itBehavesAsWithoutTheStarter() {
		OneShot.fired = new CountDownLatch(1);
		this.plain.withPropertyValues(Databases.primaryOnlyIn("compat_quartz_plain"))
			.run((context) -> assertThat(OneShot.fired.await(30, TimeUnit.SECONDS)).isTrue());
		OneShot.fired = new CountDownLatch(1);
		this.withTether.withPropertyValues(Databases.properties("compat_quartz_routed"))
			.run((context) -> assertThat(OneShot.fired.await(30, TimeUnit.SECONDS)).isTrue());
		assertThat(locks("compat_quartz_routed")).isEqualTo(locks("compat_quartz_plain"));
		assertThat(jobs("compat_quartz_routed")).isEqualTo(jobs("compat_quartz_plain"));
	}

	private static List<String> locks(String schema) {
		return Databases.query(Databases.cluster().primary(), "select lock_name from " + schema + ".qrtz_locks order by 1");
	}

	private static List<String> jobs(String schema) {
		return Databases.query(Databases.cluster().primary(), "select job_name from " + schema + ".qrtz_job_details");
	}

	@Configuration(proxyBeanMethods = false)
	static class OneShot {

		static volatile CountDownLatch fired = new CountDownLatch(1);

		@Bean
		JobDetail oneShotJob() {
			return JobBuilder.newJob(CountDown.class).withIdentity("one-shot").storeDurably().build();
		}

		@Bean
		Trigger oneShotTrigger(JobDetail oneShotJob) {
			return TriggerBuilder.newTrigger().forJob(oneShotJob).withIdentity("now").startNow().build();
		}

	}

	public static class CountDown extends QuartzJobBean {

		@Override
		protected void executeInternal(JobExecutionContext context) {
			OneShot.fired.countDown();
		}

	}

}
