package dev.tether.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tether.retry.ConflictKind;
import dev.tether.retry.RetryBudget;
import dev.tether.retry.RetryCounters;
import dev.tether.retry.RetryOutcome;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The endpoint's {@code retry} section: calls by outcome, retries by conflict, attempts, and the
 * retry budget's current window. Lives here so that the retry feature does not depend on the
 * endpoint.
 */
final class RetrySection implements TetherEndpointContributor {

	private final ObjectProvider<RetryCounters> counters;

	private final ObjectProvider<RetryBudget> budget;

	RetrySection(ObjectProvider<RetryCounters> counters, ObjectProvider<RetryBudget> budget) {
		this.counters = counters;
		this.budget = budget;
	}

	@Override
	public void contribute(Map<String, Object> report) {
		RetryCounters counters = this.counters.getIfAvailable();
		if (counters == null) {
			return;
		}
		Map<String, Object> calls = new LinkedHashMap<>();
		for (RetryOutcome outcome : RetryOutcome.values()) {
			calls.put(outcome.tagValue(), counters.calls(outcome));
		}
		Map<String, Object> retries = new LinkedHashMap<>();
		for (ConflictKind conflict : ConflictKind.values()) {
			retries.put(conflict.tagValue(), counters.retries(conflict));
		}
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("calls", calls);
		section.put("retries", retries);
		section.put("attempts", counters.attempts());
		section.put("rowLocksFirst", counters.rowLocksFirst());
		RetryBudget budget = this.budget.getIfAvailable();
		if (budget != null && budget.isLimited()) {
			RetryBudget.Window window = budget.window();
			Map<String, Object> budgetSection = new LinkedHashMap<>();
			budgetSection.put("commits", window.commits());
			budgetSection.put("retries", window.retries());
			budgetSection.put("allowed", window.allowed());
			section.put("budget", budgetSection);
		}
		report.put("retry", section);
	}

}
