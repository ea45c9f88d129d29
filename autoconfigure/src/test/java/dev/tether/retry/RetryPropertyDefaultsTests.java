package dev.tether.retry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tether.retry.*} defaults are the retry core's own: {@link RetryPolicy#defaults()}, the
 * budget's and the version check's {@code DEFAULT_*} constants. The properties write them as literals
 * (the configuration metadata shows only literals), so this keeps the two from drifting, as
 * {@code dev.tether.routing.PropertyDefaultsTests} does for routing. Pure logic, no database.
 */
class RetryPropertyDefaultsTests {

	@Test
	void retryPropertiesDefaultToTheCoresPolicy() {
		assertThat(new RetryProperties().toPolicy()).isEqualTo(RetryPolicy.defaults());
		assertThat(RetryPolicy.defaults()).isEqualTo(new RetryPolicy(new RetrySettings(RetryPolicy.DEFAULT_MAX_ATTEMPTS,
				RetryPolicy.DEFAULT_DELAY, RetryPolicy.DEFAULT_MAX_DELAY, RetryPolicy.DEFAULT_MULTIPLIER,
				RetryPolicy.DEFAULT_TIMEOUT), RetryPolicy.DEFAULT_COMMIT_OUTCOME_TIMEOUT,
				RetryPolicy.DEFAULT_FAIL_INSIDE_TRANSACTION, RetryPolicy.DEFAULT_RETRY_CONFLICTS,
				RetryPolicy.DEFAULT_RETRY_CONFLICTS, RetryPolicy.DEFAULT_RETRY_CONFLICTS,
				RetryPolicy.DEFAULT_RETRY_LOCK_TIMEOUTS, RetryPolicy.DEFAULT_WRITES_RETURN_TRANSACTION_ID));
	}

	@Test
	void theBudgetPropertiesDefaultToTheBudgetsDefaults() {
		RetryProperties.Budget budget = new RetryProperties().getBudget();
		assertThat(budget.isEnabled()).isTrue();
		assertThat(budget.getRatio()).isEqualTo(RetryBudget.DEFAULT_RATIO);
		assertThat(budget.getMinRetries()).isEqualTo(RetryBudget.DEFAULT_MIN_RETRIES);
		assertThat(budget.getWindow()).isEqualTo(RetryBudget.DEFAULT_WINDOW);
	}

	@Test
	void theVersionCheckDefaultsToTheCoresMode() {
		assertThat(new RetryProperties().toVersionCheckMode()).isEqualTo(VersionFieldCheck.DEFAULT_MODE);
	}

	@Test
	void eachVersionCheckSettingMapsToTheModeOfTheSameName() {
		RetryProperties properties = new RetryProperties();
		for (RetryProperties.RequireVersion setting : RetryProperties.RequireVersion.values()) {
			properties.setRequireVersion(setting);
			assertThat(properties.toVersionCheckMode().name()).isEqualTo(setting.name());
		}
	}

	@Test
	void eachConflictSettingSwitchesItsOwnKind() {
		RetryProperties properties = new RetryProperties();
		properties.setOptimisticLockFailures(false);
		properties.setLockTimeouts(true);
		properties.setInsideTransaction(RetryProperties.InsideTransaction.WARN);
		RetryPolicy policy = properties.toPolicy();
		assertThat(policy.isRetried(ConflictKind.OPTIMISTIC_LOCK)).isFalse();
		assertThat(policy.isRetried(ConflictKind.LOCK_TIMEOUT)).isTrue();
		assertThat(policy.isRetried(ConflictKind.DEADLOCK)).isTrue();
		assertThat(policy.isRetried(ConflictKind.SERIALIZATION_FAILURE)).isTrue();
		assertThat(policy.isRetried(ConflictKind.COMMIT_ROLLED_BACK)).isTrue();
		assertThat(policy.isRetried(ConflictKind.READ_ONLY_NODE)).isFalse();
		assertThat(policy.failInsideTransaction()).isFalse();
	}

}
