package dev.tether.routing;

import java.util.Objects;

/**
 * The settings of the statement guards of a {@link TetherDataSource}: limits that stop one
 * statement or transaction from changing (and locking) a whole table by accident.
 *
 * @param unboundedDml what to do with an {@code UPDATE} or {@code DELETE} without {@code WHERE}
 * ({@code tether.guard.unbounded-dml})
 * @param maxRowsPerTransaction the most rows one transaction may change, counted from the update
 * counts of its statements; {@code 0} for no limit ({@code tether.guard.max-rows-per-transaction})
 * @param maxRowsAction what to do with a transaction that changes more rows: {@link GuardAction#FAIL}
 * rolls it back, {@link GuardAction#WARN} logs ({@code tether.guard.max-rows-action})
 */
public record StatementGuards(GuardAction unboundedDml, long maxRowsPerTransaction, GuardAction maxRowsAction) {

	private static final StatementGuards DEFAULTS = new StatementGuards(GuardAction.FAIL, 0, GuardAction.FAIL);

	private static final StatementGuards NONE = new StatementGuards(GuardAction.OFF, 0, GuardAction.OFF);

	/**
	 * Checks the settings.
	 * @param unboundedDml what to do with unbounded DML
	 * @param maxRowsPerTransaction the row limit, {@code 0} for none
	 * @param maxRowsAction what to do above the row limit
	 * @throws IllegalArgumentException if the row limit is negative
	 */
	public StatementGuards {
		Objects.requireNonNull(unboundedDml, "unboundedDml must not be null");
		Objects.requireNonNull(maxRowsAction, "maxRowsAction must not be null");
		if (maxRowsPerTransaction < 0) {
			throw new IllegalArgumentException("maxRowsPerTransaction must be 0 (no limit) or more, but was "
					+ maxRowsPerTransaction);
		}
	}

	/**
	 * Returns the defaults: unbounded DML refused, no row limit.
	 * @return the default guards
	 */
	public static StatementGuards defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns guards that check nothing.
	 * @return no guards
	 */
	public static StatementGuards none() {
		return NONE;
	}

	/**
	 * Tells whether the rows changed per transaction are counted.
	 * @return {@code true} when there is a row limit and its action is not {@link GuardAction#OFF}
	 */
	public boolean countsRows() {
		return this.maxRowsPerTransaction > 0 && this.maxRowsAction != GuardAction.OFF;
	}

	/**
	 * Tells whether any guard checks anything.
	 * @return {@code true} unless every guard is off
	 */
	public boolean active() {
		return this.unboundedDml != GuardAction.OFF || countsRows();
	}

}
