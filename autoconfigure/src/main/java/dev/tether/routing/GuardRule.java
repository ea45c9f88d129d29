package dev.tether.routing;

/**
 * The rules of the statement guards, as named in the {@code rule} tag of
 * {@code tether.guard.violations} and in {@link StatementGuardException#getRule()}.
 */
public enum GuardRule {

	/** An {@code UPDATE} or {@code DELETE} without {@code WHERE}: {@code tether.guard.unbounded-dml}. */
	UNBOUNDED_DML("unbounded-dml"),

	/** More rows changed in one transaction than {@code tether.guard.max-rows-per-transaction}. */
	MAX_ROWS("max-rows");

	private final String tagValue;

	GuardRule(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Returns the rule's name in meters and messages.
	 * @return the kebab-case name
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
