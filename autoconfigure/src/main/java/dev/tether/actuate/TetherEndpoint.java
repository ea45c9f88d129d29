package dev.tether.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.replica.ReplicaStatus;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.RoutingReason;
import dev.tether.routing.RoutingTarget;
import dev.tether.routing.TetherDataSource;
import dev.tether.sql.SqlKind;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * The {@code tether} Actuator endpoint: every node with its role, pool, state and lag, the counts
 * of routing decisions, mismatches and fallbacks since start, the sections of other features
 * ({@link TetherEndpointContributor}), and the effective settings with their secrets masked.
 * <p>
 * It reports what is known without touching the databases, so reading it is cheap: a replica's
 * {@code state} and {@code lag} are the replica monitor's latest, and so is the primary's state
 * (the monitor probes it in the same rounds); {@code /actuator/health/tether} checks the nodes.
 */
@Endpoint(id = "tether")
public class TetherEndpoint {

	/** A node's state before the monitor's first probe round. */
	static final String UNKNOWN = "UNKNOWN";

	private final ObjectProvider<DataSource> dataSources;

	private final RoutingCounters counters;

	private final ObjectProvider<TetherEndpointContributor> contributors;

	private final TetherSettings settings;

	/**
	 * Creates the endpoint.
	 * @param dataSources the application's data sources, among which the router
	 * @param counters the routing counts since start
	 * @param contributors the sections of other features
	 * @param settings the effective settings
	 */
	public TetherEndpoint(ObjectProvider<DataSource> dataSources, RoutingCounters counters,
			ObjectProvider<TetherEndpointContributor> contributors, TetherSettings settings) {
		this.dataSources = dataSources;
		this.counters = counters;
		this.contributors = contributors;
		this.settings = settings;
	}

	/**
	 * Reports the nodes, the routing counts and the effective settings.
	 * @return the report: its sections, in order, serialized with the endpoints' JSON mapper
	 */
	@ReadOperation
	public Map<String, Object> tether() {
		TetherDataSource router = router();
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("nodes", (router != null) ? nodes(router) : List.of());
		report.put("routing", routing());
		this.contributors.orderedStream().forEach((contributor) -> contributor.contribute(report));
		report.put("settings", this.settings.describe(router));
		return OperationResponseBody.of(report);
	}

	private List<Map<String, Object>> nodes(TetherDataSource router) {
		List<Map<String, Object>> nodes = new ArrayList<>();
		Map<String, Object> primary = node("primary", "primary", poolName(router.getPrimary()));
		primary.remove("lag");
		ReplicaStatus primaryStatus = router.getMonitor().primaryHealth().status();
		primary.put("state", primaryStatus.state().name());
		primary.put("checkedAt", (primaryStatus.checkedAt() != null) ? primaryStatus.checkedAt().toString() : null);
		primary.put("problem", primaryStatus.problem());
		// a role change: the configured primary answers as a standby (null while it answers as the primary)
		primary.put("answersAsStandby", router.getMonitor().primaryAnswersAsStandby());
		primary.put("roleChanges", router.getMonitor().roleChanges());
		int timeline = router.getMonitor().primaryTimeline();
		primary.put("timeline", (timeline > 0) ? timeline : null);
		nodes.add(primary);
		Map<String, Integer> weights = router.getReplicaWeights();
		router.getReplicas().forEach((name, dataSource) -> {
			Map<String, Object> replica = node(name, "replica", poolName(dataSource));
			ReplicaStatus status = router.getMonitor().health(name).status();
			replica.put("state", status.state().name());
			replica.put("lag", (status.lag() != null) ? status.lag().toMillis() + "ms" : null);
			replica.put("replayPosition", (status.replayPosition() >= 0) ? status.replayPosition() : null);
			replica.put("checkedAt", (status.checkedAt() != null) ? status.checkedAt().toString() : null);
			replica.put("problem", status.problem());
			replica.put("weight", weights.get(name));
			replica.put("fallbacks", this.counters.fallbacks(name));
			RoutingCounters.Fallback last = this.counters.lastFallback(name);
			replica.put("lastFallback", (last != null) ? Map.of("at", last.at().toString(), "cause",
					last.cause().tagValue(), "exception", last.exception()) : null);
			nodes.add(replica);
		});
		return nodes;
	}

	private static Map<String, Object> node(String name, String role, String pool) {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("name", name);
		node.put("role", role);
		node.put("pool", pool);
		node.put("state", UNKNOWN);
		node.put("lag", null);
		return node;
	}

	private Map<String, Object> routing() {
		Map<String, Object> decisions = new LinkedHashMap<>();
		for (RoutingTarget target : RoutingTarget.values()) {
			Map<String, Long> byReason = new LinkedHashMap<>();
			for (RoutingReason reason : RoutingReason.values()) {
				if (reason.target() == target) {
					byReason.put(reason.tagValue(), this.counters.decisions(target, reason));
				}
			}
			decisions.put(target.tagValue(), byReason);
		}
		Map<String, Long> mismatches = new LinkedHashMap<>();
		for (SqlKind kind : SqlKind.values()) {
			if (!kind.isReplicaSafe()) {
				mismatches.put(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
						this.counters.mismatches(kind));
			}
		}
		Map<String, Object> routing = new LinkedHashMap<>();
		routing.put("decisions", decisions);
		routing.put("mismatches", mismatches);
		routing.put("fallbacks", this.counters.fallbacks());
		return routing;
	}

	private TetherDataSource router() {
		return this.dataSources.stream(ObjectProvider.UNFILTERED, false)
			.map(TetherDataSource::find)
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	static String poolName(DataSource dataSource) {
		HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class);
		return (hikari != null) ? hikari.getPoolName() : null;
	}

}
