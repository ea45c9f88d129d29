package dev.tether.routing;

/**
 * What a statement guard does with a statement or transaction that breaks its rule.
 *
 * @see StatementGuards
 */
public enum GuardAction {

	/** Refuse: throw a {@link StatementGuardException}, change nothing. */
	FAIL,

	/** Let it through and log a warning; the violation is counted. */
	WARN,

	/** Do not check. */
	OFF

}
