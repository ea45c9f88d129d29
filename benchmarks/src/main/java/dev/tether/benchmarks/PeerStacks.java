package dev.tether.benchmarks;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.baomidou.dynamic.datasource.DynamicRoutingDataSource;
import com.baomidou.dynamic.datasource.toolkit.DynamicDataSourceContextHolder;
import org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory;
import org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration;
import org.apache.shardingsphere.readwritesplitting.config.ReadwriteSplittingRuleConfiguration;
import org.apache.shardingsphere.readwritesplitting.config.rule.ReadwriteSplittingDataSourceGroupRuleConfiguration;
import org.apache.shardingsphere.readwritesplitting.transaction.TransactionalReadQueryStrategy;
import org.apache.shardingsphere.single.config.SingleRuleConfiguration;

/**
 * The peers of Tether, built by hand as their documentation describes, over the same primary and
 * replica pools as every other stack:
 * <ul>
 * <li>baomidou dynamic-datasource 4.5: a {@code DynamicRoutingDataSource} with {@code master} and
 * {@code slave_1} (the group {@code slave}); a read is sent to the replica by naming the group, as
 * {@code @DS("slave")} on a service method does ({@link #onReplicaGroup}: push the key, run the
 * transaction, poll it), since it has no routing by the transaction's read-only flag;</li>
 * <li>Apache ShardingSphere-JDBC 5.5: read/write splitting with one write and one read data source,
 * {@code FIXED} transactional read strategy (reads inside a transaction go to one replica; the
 * default, {@code PRIMARY}, would send a read-only transaction to the primary), and the single-table
 * rule loading every table ({@code *.*.*}: since 5.4 ShardingSphere knows no table it was not told
 * of).</li>
 * </ul>
 */
final class PeerStacks {

	/** The dynamic-datasource group of the replicas: data sources named {@code slave_*}. */
	static final String REPLICA_GROUP = "slave";

	private PeerStacks() {
	}

	static DynamicRoutingDataSource dynamicDatasource(BenchmarkCluster cluster, String name, int poolSize) {
		DynamicRoutingDataSource router = new DynamicRoutingDataSource(List.of());
		router.setPrimary("master");
		router.addDataSource("master", cluster.primaryPool("primary-" + name, poolSize));
		router.addDataSource(REPLICA_GROUP + "_1", cluster.replicaPool("replica-" + name, poolSize));
		router.afterPropertiesSet();
		return router;
	}

	static DataSource shardingSphere(BenchmarkCluster cluster, String name, int poolSize) {
		Map<String, DataSource> nodes = new LinkedHashMap<>();
		nodes.put("write_ds", cluster.primaryPool("primary-" + name, poolSize));
		nodes.put("read_ds_0", cluster.replicaPool("replica-" + name, poolSize));
		ReadwriteSplittingDataSourceGroupRuleConfiguration group = new ReadwriteSplittingDataSourceGroupRuleConfiguration(
				"readwrite_ds", "write_ds", List.of("read_ds_0"), TransactionalReadQueryStrategy.FIXED, "round_robin");
		ReadwriteSplittingRuleConfiguration rule = new ReadwriteSplittingRuleConfiguration(List.of(group),
				Map.of("round_robin", new AlgorithmConfiguration("ROUND_ROBIN", new Properties())));
		try {
			return ShardingSphereDataSourceFactory.createDataSource("bench_" + name.replace('-', '_'), nodes,
					List.of(rule, new SingleRuleConfiguration(List.of("*.*.*"), null)), new Properties());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("ShardingSphere-JDBC did not start", ex);
		}
	}

	/** Runs work with dynamic-datasource's context naming the replica group, as {@code @DS("slave")} does. */
	static <T> T onReplicaGroup(java.util.function.Supplier<T> work) {
		DynamicDataSourceContextHolder.push(REPLICA_GROUP);
		try {
			return work.get();
		}
		finally {
			DynamicDataSourceContextHolder.poll();
		}
	}

	/** Closes the pools behind a peer stack (and ShardingSphere's own context). */
	static void close(DataSource dataSource) {
		if (dataSource instanceof DynamicRoutingDataSource dynamic) {
			// destroy() closes the pools it was given
			dynamic.destroy();
			return;
		}
		BenchmarkCluster.closeAll(dataSource);
	}

}
