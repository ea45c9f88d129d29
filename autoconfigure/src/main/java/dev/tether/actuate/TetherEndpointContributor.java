package dev.tether.actuate;

import java.util.Map;

/**
 * Adds a feature's section to the {@code tether} Actuator endpoint, for example the counts of a
 * retry or batch feature since start. Every bean of this type is asked, in order, each time the
 * endpoint is read.
 */
@FunctionalInterface
public interface TetherEndpointContributor {

	/**
	 * Adds this feature's sections to the endpoint's report. The keys {@code nodes},
	 * {@code routing} and {@code settings} are the endpoint's own. Secrets must be left out or
	 * masked: the report is shown as it is.
	 * @param report the report's top-level sections, by name, in the order they are shown
	 */
	void contribute(Map<String, Object> report);

}
