package dev.tether.routing;

import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A HikariCP primary of MySQL Connector/J gets {@code trackSessionState=true}, so that a commit's own
 * GTID reaches Tether, and nothing else does: other URLs and drivers, an application that set the
 * property itself, {@code tether.routing.causal-own-gtid=false}, no Connector/J. No database: the pool
 * never starts (what the property does on a real MySQL is {@code MySqlOwnGtidTests}'s).
 */
class MySqlSessionTrackingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:mysql://127.0.0.1:1/orders", "spring.datasource.username=app");

	@Test
	void aMySqlPrimaryPoolTracksTheSessionState() {
		this.runner.run((context) -> assertThat(properties(context.getBean(DataSource.class)))
			.containsEntry("trackSessionState", "true"));
	}

	@Test
	void theApplicationsOwnSettingIsKept() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:mysql://127.0.0.1:1/orders?trackSessionState=false")
			.run((context) -> assertThat(properties(context.getBean(DataSource.class))).doesNotContainKey("trackSessionState"));
		this.runner.withPropertyValues("spring.datasource.hikari.data-source-properties.trackSessionState=false")
			.run((context) -> assertThat(properties(context.getBean(DataSource.class)))
				.containsEntry("trackSessionState", "false"));
	}

	@Test
	void theDisablePropertyLeavesThePoolAsItIs() {
		this.runner.withPropertyValues("tether.routing.causal-own-gtid=false")
			.run((context) -> assertThat(properties(context.getBean(DataSource.class))).isEmpty());
	}

	@Test
	void otherDatabasesAndDriversAreLeftAlone() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:mariadb://127.0.0.1:1/orders")
			.run((context) -> assertThat(properties(context.getBean(DataSource.class))).isEmpty());
		this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/orders")
			.run((context) -> assertThat(properties(context.getBean(DataSource.class))).isEmpty());
		// MariaDB Connector/J on a jdbc:mysql: URL: another driver, whatever it does with the property
		this.runner.withPropertyValues("spring.datasource.driver-class-name=org.mariadb.jdbc.Driver")
			.run((context) -> assertThat(properties(context.getBean(DataSource.class))).isEmpty());
		this.runner.withPropertyValues("spring.datasource.url=jdbc:mysql://127.0.0.1:1/orders?permitMysqlScheme")
			.run((context) -> assertThat(properties(context.getBean(DataSource.class))).isEmpty());
	}

	@Test
	void withoutConnectorJNothingIsAdded() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:mysql://127.0.0.1:1/orders");
		assertThat(MySqlSessionTracking.enable(pool, new FilteredClassLoader("com.mysql"))).isFalse();
		assertThat(pool.getDataSourceProperties()).isEmpty();
		assertThat(MySqlSessionTracking.enable(pool, getClass().getClassLoader())).isTrue();
		assertThat(pool.getDataSourceProperties()).containsEntry("trackSessionState", "true");
	}

	private static Properties properties(DataSource dataSource) throws Exception {
		assertThat(dataSource).isInstanceOf(TetherDataSource.class);
		return dataSource.unwrap(HikariDataSource.class).getDataSourceProperties();
	}

}
