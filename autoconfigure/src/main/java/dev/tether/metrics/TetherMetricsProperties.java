package dev.tether.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Tether's meters and observations ({@code tether.metrics.*}). */
@ConfigurationProperties("tether.metrics")
public class TetherMetricsProperties {

	/**
	 * Whether to record Tether's meters: routing decisions, mismatches, fallbacks, connection
	 * acquisition and transaction times per node, and the replicas' HikariCP pool metrics.
	 */
	private boolean enabled = true;

	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Observations getObservations() {
		return this.observations;
	}

	/** Observations of routed transactions. */
	public static class Observations {

		/**
		 * Whether to observe every routed transaction with the Micrometer Observation API: a span
		 * per transaction when tracing is on, and the tether.routing.transaction timers. Off by
		 * default because it allocates an observation per transaction.
		 */
		private boolean enabled = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
