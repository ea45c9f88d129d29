package dev.tether.routing;

import java.util.regex.Pattern;

/**
 * The rules a replica's name and weight follow, kept once for the builder and the properties:
 * each states its own message (the builder names its method, the properties name the property),
 * both say the same rule.
 */
final class ReplicaRules {

	/** Largest weight accepted: the balancer precomputes one slot per unit of weight. */
	static final int MAX_WEIGHT = 100;

	/** What a valid replica name is, as the messages state it. */
	static final String NAME_RULE = "use 1 to 63 letters, digits, '-' or '_', starting with a letter or digit";

	/** What a valid weight is, as the messages state it. */
	static final String WEIGHT_RULE = "must be between 1 and " + MAX_WEIGHT;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

	private ReplicaRules() {
	}

	/** Whether a name can be used in pool names, meters and logs. */
	static boolean validName(String name) {
		return name != null && NAME.matcher(name).matches();
	}

	/** Whether a weight is within 1 and {@link #MAX_WEIGHT}. */
	static boolean validWeight(int weight) {
		return weight >= 1 && weight <= MAX_WEIGHT;
	}

	/**
	 * Returns what is wrong with a configured replica's name, or {@code null} if it is fine: one
	 * message for {@code tether.replicas.*} and the connection details beans.
	 */
	static String replicaNameProblem(String name) {
		if (validName(name)) {
			return null;
		}
		return "Replica name '" + name + "' (tether.replicas.[" + name + "]) cannot be used as a pool name or"
				+ " metric tag: " + NAME_RULE + ", for example tether.replicas.replica-1.url";
	}

}
