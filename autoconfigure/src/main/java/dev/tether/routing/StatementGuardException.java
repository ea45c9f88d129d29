package dev.tether.routing;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown when a statement guard refuses a statement ({@code UPDATE} or {@code DELETE} without
 * {@code WHERE}) before it is sent, or fails a transaction that changed more rows than
 * {@code tether.guard.max-rows-per-transaction}; that transaction is rolled back. The message
 * names the statement (string literals masked), the rule, and the property that sets it.
 */
public class StatementGuardException extends InvalidDataAccessApiUsageException {

	private final GuardRule rule;

	/**
	 * Creates an exception.
	 * @param message the message
	 * @param rule the rule the statement or transaction broke
	 */
	public StatementGuardException(String message, GuardRule rule) {
		super(message);
		this.rule = rule;
	}

	/**
	 * Returns the rule the statement or transaction broke.
	 * @return the rule
	 */
	public GuardRule getRule() {
		return this.rule;
	}

}
