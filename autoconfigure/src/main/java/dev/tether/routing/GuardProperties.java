package dev.tether.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Statement guards ({@code tether.guard.*}): limits on what one statement or transaction may
 * change. Their defaults equal {@link StatementGuards#defaults()}, written as literals so that the
 * configuration metadata shows them; a test keeps them equal. Validates itself when bound, naming
 * the property to change.
 */
@ConfigurationProperties("tether.guard")
public class GuardProperties implements Validator {

	/**
	 * Whether the statement guards apply. false switches every guard off and keeps the routing; the
	 * guards apply with or without replicas, as long as tether.routing.enabled is true.
	 */
	private boolean enabled = true;

	/**
	 * What to do with an UPDATE or DELETE without a WHERE clause (MySQL: and without LIMIT):
	 * fail refuses it before it is sent, warn logs it, off does not check.
	 */
	private GuardAction unboundedDml = GuardAction.FAIL;

	/**
	 * Most rows one transaction may change, counted from the update counts of its statements;
	 * 0 for no limit. In auto-commit mode each write is its own transaction.
	 */
	private long maxRowsPerTransaction;

	/**
	 * What to do with a transaction that changes more rows than max-rows-per-transaction: fail
	 * rolls it back, warn logs it.
	 */
	private GuardAction maxRowsAction = GuardAction.FAIL;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public GuardAction getUnboundedDml() {
		return this.unboundedDml;
	}

	public void setUnboundedDml(GuardAction unboundedDml) {
		this.unboundedDml = unboundedDml;
	}

	public long getMaxRowsPerTransaction() {
		return this.maxRowsPerTransaction;
	}

	public void setMaxRowsPerTransaction(long maxRowsPerTransaction) {
		this.maxRowsPerTransaction = maxRowsPerTransaction;
	}

	public GuardAction getMaxRowsAction() {
		return this.maxRowsAction;
	}

	public void setMaxRowsAction(GuardAction maxRowsAction) {
		this.maxRowsAction = maxRowsAction;
	}

	/**
	 * Returns the settings the router applies: {@link StatementGuards#none()} when switched off.
	 * @return the guards
	 */
	public StatementGuards toGuards() {
		return this.enabled ? new StatementGuards(this.unboundedDml, this.maxRowsPerTransaction, this.maxRowsAction)
				: StatementGuards.none();
	}

	@Override
	public boolean supports(Class<?> type) {
		return GuardProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		GuardProperties properties = (GuardProperties) target;
		if (properties.getMaxRowsPerTransaction() < 0) {
			errors.reject("tether.guard.max-rows-per-transaction",
					"tether.guard.max-rows-per-transaction must be 0 (no limit) or a positive number of rows (was "
							+ properties.getMaxRowsPerTransaction() + ")");
		}
	}

}
