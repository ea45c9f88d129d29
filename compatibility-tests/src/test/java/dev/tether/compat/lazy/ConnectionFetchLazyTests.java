package dev.tether.compat.lazy;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tether.compat.Databases;
import dev.tether.compat.Tether;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot 4.1's {@code spring.datasource.connection-fetch=lazy} with Tether: Boot's post-processor
 * is ordered and Tether's is not, so Boot's lazy proxy wraps the pool first and the router wraps
 * the proxy - the proxy sits behind the router, on the primary only. Routing is unchanged, the
 * pool is still found by {@code unwrap}, and the same checks pass without the starter.
 */
class ConnectionFetchLazyTests {

	private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(Tether.jdbc())
		.withPropertyValues("spring.datasource.connection-fetch=lazy");

	private final ApplicationContextRunner withTether = this.plain.withConfiguration(Tether.autoConfigurations());

	@Test
	void bootsLazyProxySitsBehindTheRouterAndRoutingIsUnchanged() {
		this.withTether.withPropertyValues(Databases.properties()).run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(TetherDataSource.class);
			assertThat(((TetherDataSource) dataSource).getPrimary()).isInstanceOf(LazyConnectionDataSourceProxy.class);
			assertThat(Databases.readOnlyAnswer(dataSource).replica()).as("read-only").isTrue();
			assertThat(Databases.readWriteAnswer(dataSource).replica()).as("read-write").isFalse();
			assertThat(dataSource.unwrap(HikariDataSource.class).getPoolName()).isEqualTo("tether-primary");
			Tether.assertNothingRefused(context.getBean(RoutingCounters.class));
		});
	}

	@Test
	void routingIsTheSameWithAndWithoutBootsLazyProxy() {
		boolean[][] answers = new boolean[2][];
		this.withTether.withPropertyValues(Databases.properties()).run((context) -> answers[0] = answers(context.getBean(DataSource.class)));
		this.withTether.withPropertyValues(Databases.properties())
			.withPropertyValues("spring.datasource.connection-fetch=eager")
			.run((context) -> {
				assertThat(((TetherDataSource) context.getBean(DataSource.class)).getPrimary()).isInstanceOf(HikariDataSource.class);
				answers[1] = answers(context.getBean(DataSource.class));
			});
		assertThat(answers[0]).containsExactly(answers[1]).containsExactly(true, false);
	}

	@Test
	void withoutTheStarterBootsLazyProxyIsTheBeanAndEverythingRunsOnThePrimary() {
		this.plain.withPropertyValues(Databases.primaryOnly()).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
			assertThat(answers(dataSource)).containsExactly(false, false);
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
		});
	}

	private static boolean[] answers(DataSource dataSource) {
		return new boolean[] { Databases.readOnlyAnswer(dataSource).replica(), Databases.readWriteAnswer(dataSource).replica() };
	}

}
