package dev.tether.routing;

import java.time.Duration;

/**
 * How read-only work is served beyond the basic rules: read-your-writes, and what happens when no
 * replica qualifies.
 *
 * @param readYourWrites how a read that follows the session's own write is kept from stale data
 * @param causalWait how long a causal read waits for a replica to replay the session's writes
 * before it uses the primary
 * @param window how long reads stay on the primary after a write, in {@code WINDOW} mode
 * @param fallbackToPrimary whether reads go to the primary when no replica qualifies, or fail
 */
public record ReadPolicy(ReadYourWrites readYourWrites, Duration causalWait, Duration window,
		boolean fallbackToPrimary) {

	/**
	 * The defaults: causal read-your-writes waiting up to 20 ms ({@code tether.routing.causal-wait}),
	 * fallback to the primary.
	 * @return the default policy
	 */
	public static ReadPolicy defaults() {
		RoutingProperties.Routing routing = new RoutingProperties.Routing();
		return new ReadPolicy(routing.getReadYourWrites(), routing.getCausalWait(), routing.getReadYourWritesWindow(),
				true);
	}

	/** How a read that follows the session's own write is kept from stale data. */
	public enum ReadYourWrites {

		/**
		 * The read goes to a replica that has replayed the session's last write (its replication
		 * position), waiting up to the causal wait for one, else to the primary.
		 */
		CAUSAL,

		/** The read goes to the primary for a fixed window after the session's last write. */
		WINDOW,

		/** No read-your-writes: reads may not see the session's own recent writes. */
		NONE

	}

}
