package dev.tether.metrics;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.tether.routing.TetherDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Gives the replicas' HikariCP pools ({@code tether-replica-<name>}) the same pool metrics
 * ({@code hikaricp.connections.*}, tag {@code pool}) that Spring Boot gives the pools of
 * {@code DataSource} beans: the replica pools are not beans, so Boot does not see them. Done as
 * Boot does it, when the registry binds its binders, which HikariCP allows once on a running pool.
 */
public class ReplicaPoolMetrics implements MeterBinder {

	private static final Log logger = LogFactory.getLog(ReplicaPoolMetrics.class);

	private final ObjectProvider<DataSource> dataSources;

	/**
	 * Creates a binder for the replicas of every {@link TetherDataSource} among the given beans.
	 * @param dataSources the application's data sources
	 */
	public ReplicaPoolMetrics(ObjectProvider<DataSource> dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.dataSources.stream(ObjectProvider.UNFILTERED, false).forEach((dataSource) -> {
			TetherDataSource router = TetherDataSource.find(dataSource);
			if (router != null) {
				router.getReplicas().values().forEach((replica) -> bind(replica, registry));
			}
		});
	}

	private static void bind(DataSource replica, MeterRegistry registry) {
		HikariDataSource hikari = DataSourceUnwrapper.unwrap(replica, HikariConfigMXBean.class, HikariDataSource.class);
		if (hikari != null && hikari.getMetricRegistry() == null && hikari.getMetricsTrackerFactory() == null) {
			try {
				hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to bind the metrics of pool " + hikari.getPoolName() + ": " + ex.getMessage());
			}
		}
	}

}
