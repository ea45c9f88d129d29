package dev.tether.compat.libraries;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.compat.Databases;
import dev.tether.compat.Tether;
import dev.tether.routing.CausalTokens;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.TetherDataSource;
import dev.tether.routing.TetherRouters;
import io.micrometer.core.instrument.MeterRegistry;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import net.ttddyy.observation.boot.autoconfigure.DataSourceObservationAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDBC instrumentation that wraps the DataSource, in either order with Tether: datasource-micrometer's
 * auto-configuration wraps the router (its post-processor runs after Tether's), and an application's
 * own datasource-proxy bean is wrapped by it. Either way reads go to the replica and writes to the
 * primary, the instrumentation sees the statements, {@code unwrap(HikariDataSource.class)} finds the
 * primary's pool and Boot binds its HikariCP metrics, as without the starter.
 */
class JdbcInstrumentationTests {

	private static final AutoConfigurations METRICS = AutoConfigurations.of(ObservationAutoConfiguration.class,
			MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class);

	private final ApplicationContextRunner micrometerOutside = new ApplicationContextRunner()
		.withConfiguration(Tether.jdbc())
		.withConfiguration(METRICS)
		.withConfiguration(AutoConfigurations.of(DataSourceObservationAutoConfiguration.class))
		.withUserConfiguration(Recording.class, NoopTracer.class);

	private final ApplicationContextRunner proxyInside = new ApplicationContextRunner()
		.withConfiguration(Tether.jdbc())
		.withConfiguration(METRICS)
		.withUserConfiguration(Recording.class, OwnProxy.class);

	@Test
	void datasourceMicrometerWrapsTheRouterAndReadsStillGoToTheReplica() {
		this.micrometerOutside.withConfiguration(Tether.autoConfigurations())
			.withPropertyValues(Databases.properties())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CausalTokens.class);
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource).as("the instrumentation's proxy is the bean").isNotInstanceOf(TetherDataSource.class);
				assertThat(context.getBean(TetherRouters.class).routed()).containsSame(TetherDataSource.find(dataSource));
				assertRoutedAndObserved(context, dataSource);
				assertThat(dataSource.unwrap(HikariDataSource.class).getPoolName()).isEqualTo("tether-primary");
				assertThat(context.getBean(Recording.class).statements).as("the router's statements, both nodes")
					.hasSize(2);
			});
	}

	@Test
	void anApplicationsOwnProxyIsWrappedByTheRouterAndReadsStillGoToTheReplica() {
		this.proxyInside.withConfiguration(Tether.autoConfigurations())
			.withPropertyValues(Databases.properties())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CausalTokens.class);
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource).isInstanceOf(TetherDataSource.class);
				assertRoutedAndObserved(context, dataSource);
				// Tether names only a pool it sees before it starts; this one is behind the application's proxy.
				assertThat(dataSource.unwrap(HikariDataSource.class).getPoolName()).startsWith("HikariPool-");
				// Inside the router the proxy wraps the primary only: the replica's pool is Tether's own.
				assertThat(context.getBean(Recording.class).statements).as("the primary's statements").hasSize(1);
			});
	}

	@Test
	void withoutTheStarterTheSameChecksPassOnThePrimary() {
		for (ApplicationContextRunner runner : List.of(this.micrometerOutside, this.proxyInside)) {
			runner.withPropertyValues(Databases.primaryOnly()).run((context) -> {
				assertThat(context).hasNotFailed();
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(Databases.readOnlyAnswer(dataSource).replica()).isFalse();
				assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
				assertThat(context.getBean(Recording.class).statements).hasSize(1);
				assertThat(context.getBean(MeterRegistry.class).find("hikaricp.connections").gauges()).isNotEmpty();
			});
		}
	}

	private static void assertRoutedAndObserved(ConfigurableApplicationContext context, DataSource dataSource)
			throws Exception {
		assertThat(Databases.readOnlyAnswer(dataSource).replica()).as("read-only on the replica").isTrue();
		assertThat(Databases.readWriteAnswer(dataSource).replica()).as("read-write on the primary").isFalse();
		assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		assertThat(pool).isSameAs(TetherDataSource.find(dataSource).getPrimary().unwrap(HikariDataSource.class));
		assertThat(context.getBean(MeterRegistry.class).find("hikaricp.connections").tag("pool", pool.getPoolName()).gauge())
			.as("Boot's HikariCP metrics for the primary's pool").isNotNull();
		assertThat(context.getBean(MeterRegistry.class).find("hikaricp.connections").tag("pool", "tether-replica-replica-1").gauge())
			.as("the same metrics for the replica's pool").isNotNull();
		Tether.assertNothingRefused(context.getBean(RoutingCounters.class));
	}

	/** Records every statement the instrumentation sees (datasource-micrometer adds listener beans to its proxy). */
	@Configuration(proxyBeanMethods = false)
	static class Recording implements QueryExecutionListener {

		final List<String> statements = new CopyOnWriteArrayList<>();

		@Override
		public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		}

		@Override
		public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
			queryInfoList.stream().map(QueryInfo::getQuery).filter((sql) -> sql.contains("inet_server_port")).forEach(this.statements::add);
		}

	}

	/** Micrometer Tracing is on this classpath (through Actuator), and datasource-micrometer's tracing handlers need a tracer. */
	@Configuration(proxyBeanMethods = false)
	static class NoopTracer {

		@Bean
		io.micrometer.tracing.Tracer tracer() {
			return io.micrometer.tracing.Tracer.NOOP;
		}

	}

	/** An application's own instrumented pool, the way datasource-proxy's documentation builds one. */
	@Configuration(proxyBeanMethods = false)
	static class OwnProxy {

		@Bean
		DataSource dataSource(DataSourceProperties properties, Recording recording) {
			HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
			return ProxyDataSourceBuilder.create("app", pool).listener(recording).build();
		}

	}

}
