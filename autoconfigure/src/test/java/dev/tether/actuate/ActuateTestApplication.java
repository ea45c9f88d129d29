package dev.tether.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * A web application with Actuator and JDBC (no JPA). No component scan: it would pick up the
 * auto-configurations of this package as if they were the application's configuration.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
@Import(ActuateTestApplication.Work.class)
class ActuateTestApplication {

	static class Work {

		private final JdbcTemplate jdbc;

		Work(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public boolean readOnly() {
			return Boolean.TRUE.equals(this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class));
		}

		@Transactional
		public boolean readWrite() {
			return Boolean.TRUE.equals(this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class));
		}

	}

}
