package dev.tether.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tether.routing.TetherDataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code tether} health contributor: {@code UP} when the primary answers; {@code DOWN} when it
 * does not; {@value #DEGRADED_CODE} when the primary answers but every replica is down, so reads
 * run on the primary. Each node's result is a detail.
 * <p>
 * {@value #DEGRADED_CODE} is a status of its own rather than {@code DOWN} or
 * {@code OUT_OF_SERVICE}: the application still serves everything, so it must not be restarted or
 * taken out of a load balancer for it. Spring Boot's default status order does not know it, so it
 * leaves the aggregate status and its HTTP code alone, while operators can alert on
 * {@code components.tether.status} (or add it to {@code management.endpoint.health.status.order}).
 * Liveness and readiness groups only hold the availability states unless configured otherwise, so
 * even a {@code DOWN} primary does not fail the application's liveness.
 */
public class TetherHealthIndicator implements HealthIndicator, AutoCloseable {

	/** The code of {@link #DEGRADED}. */
	public static final String DEGRADED_CODE = "DEGRADED";

	/** The primary answers, no replica does: reads run on the primary. */
	public static final Status DEGRADED = new Status(DEGRADED_CODE, "The primary answers but no replica does");

	private final NodeProbe primary;

	private final Map<String, NodeProbe> replicas = new LinkedHashMap<>();

	private final ExecutorService executor;

	/**
	 * Creates an indicator for a router's nodes.
	 * @param router the router
	 * @param timeout how long to wait for each node
	 */
	public TetherHealthIndicator(TetherDataSource router, Duration timeout) {
		this.executor = Executors.newCachedThreadPool(new DaemonThreads());
		this.primary = new NodeProbe(router.getPrimary(), timeout, this.executor);
		router.getReplicas()
			.forEach((name, dataSource) -> this.replicas.put(name, new NodeProbe(dataSource, timeout, this.executor)));
	}

	@Override
	public Health health() {
		// The replicas are checked while the primary is, so a check costs the slowest node's time.
		var replicaChecks = new LinkedHashMap<String, java.util.concurrent.CompletableFuture<NodeProbe.Result>>();
		this.replicas.forEach((name, probe) -> replicaChecks.put(name,
				java.util.concurrent.CompletableFuture.supplyAsync(probe::check, this.executor)));
		NodeProbe.Result primary = this.primary.check();
		Map<String, Object> replicaDetails = new LinkedHashMap<>();
		int up = 0;
		for (var check : replicaChecks.entrySet()) {
			NodeProbe.Result result = check.getValue().join();
			up += result.up() ? 1 : 0;
			replicaDetails.put(check.getKey(), details(result));
		}
		Status status = !primary.up() ? Status.DOWN
				: (!this.replicas.isEmpty() && up == 0) ? DEGRADED : Status.UP;
		Health.Builder builder = Health.status(status).withDetail("primary", details(primary));
		if (!this.replicas.isEmpty()) {
			builder.withDetail("replicas", replicaDetails);
		}
		return builder.build();
	}

	private static Map<String, Object> details(NodeProbe.Result result) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", result.up() ? Status.UP.getCode() : Status.DOWN.getCode());
		if (result.error() != null) {
			details.put("error", result.error());
		}
		return details;
	}

	/** Stops the checking threads; a check still waiting for a pool ends with its pool's timeout. */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "tether-health-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
