package dev.tether.metrics;

import dev.tether.annotation.ForceMaster;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * JDBC only (no JPA, so nothing but these services touches the database), with Micrometer. No
 * component scan: it would pick up the nested configurations of the auto-configurations in this
 * package as if they were the application's.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
@Import(MetricsTestApplication.Work.class)
class MetricsTestApplication {

	/** Each method is one transaction of a known kind; each answers whether it ran on a replica. */
	static class Work {

		private final JdbcTemplate jdbc;

		Work(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public boolean readOnly() {
			return inRecovery();
		}

		@Transactional
		public boolean readWrite() {
			this.jdbc.update("update metrics_item set value = value + 1 where id = 1");
			return inRecovery();
		}

		@ForceMaster
		@Transactional(readOnly = true)
		public boolean forced() {
			return inRecovery();
		}

		/** Pinned to the replica by its first statement, then refused its write. */
		@Transactional(readOnly = true)
		public void readThenWrite() {
			inRecovery();
			this.jdbc.update("update metrics_item set value = 0 where id = 1");
		}

		/** Refused at its first statement, before any node was chosen. */
		@Transactional(readOnly = true)
		public void writeFirst() {
			this.jdbc.update("update metrics_item set value = 0 where id = 1");
		}

		@Transactional(readOnly = true)
		public void readThenLock() {
			inRecovery();
			this.jdbc.queryForObject("select value from metrics_item where id = 1 for update", Integer.class);
		}

		private boolean inRecovery() {
			return Boolean.TRUE.equals(this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class));
		}

	}

}
