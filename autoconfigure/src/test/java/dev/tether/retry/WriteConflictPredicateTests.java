package dev.tether.retry;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Tether's classification offered to Spring Framework 7's RetryTemplate and @Retryable. */
class WriteConflictPredicateTests {

	private final WriteConflictPredicate predicate = new WriteConflictPredicate();

	@Test
	void writeConflictsAreRetriedOtherFailuresAreNot() {
		assertThat(this.predicate.test(new OptimisticLockingFailureException("stale"))).isTrue();
		assertThat(this.predicate.test(new PessimisticLockingFailureException("deadlock",
				new SQLException("deadlock detected", "40P01")))).isTrue();
		assertThat(this.predicate.test(new SQLException("could not serialize", "40001"))).isTrue();
		assertThat(this.predicate.test(new SQLException("lock timeout", "55P03"))).isFalse();
		assertThat(new WriteConflictPredicate(true).test(new SQLException("lock timeout", "55P03"))).isTrue();
		assertThat(this.predicate.test(new DataIntegrityViolationException("duplicate"))).isFalse();
		assertThat(this.predicate.test(new RetryExhaustedException("gave up", "inner", 3,
				new OptimisticLockingFailureException("stale")))).as("an inner boundary gave up").isFalse();
	}

	@Test
	void aRetryTemplateWithTheTetherPolicyRetriesConflictsOnly() throws RetryException {
		RetryTemplate retries = new RetryTemplate(WriteConflictPredicate.retryPolicy(5).build());
		AtomicInteger calls = new AtomicInteger();
		assertThat(retries.execute(() -> {
			if (calls.incrementAndGet() < 3) {
				throw new OptimisticLockingFailureException("stale");
			}
			return "placed";
		})).isEqualTo("placed");
		assertThat(calls).hasValue(3);
		calls.set(0);
		assertThatExceptionOfType(RetryException.class).isThrownBy(() -> retries.execute(() -> {
			calls.incrementAndGet();
			throw new DataIntegrityViolationException("duplicate");
		}));
		assertThat(calls).hasValue(1);
		calls.set(0);
		assertThatExceptionOfType(RetryException.class).isThrownBy(() -> retries.execute(() -> {
			calls.incrementAndGet();
			throw new OptimisticLockingFailureException("stale");
		}));
		assertThat(calls).as("first attempt and five retries").hasValue(6);
	}

	@Test
	void retryableAcceptsThePredicate() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Resilient.class)) {
			Orders orders = context.getBean(Orders.class);
			assertThat(orders.place()).isEqualTo(3);
			assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(orders::duplicate);
			assertThat(orders.duplicates()).isEqualTo(1);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods
	static class Resilient {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		final AtomicInteger attempts = new AtomicInteger();

		final AtomicInteger duplicates = new AtomicInteger();

		@Retryable(predicate = WriteConflictPredicate.class, maxRetries = 5, delay = 0)
		public int place() {
			if (this.attempts.incrementAndGet() < 3) {
				throw new OptimisticLockingFailureException("stale");
			}
			return this.attempts.get();
		}

		public int duplicates() {
			return this.duplicates.get();
		}

		@Retryable(predicate = WriteConflictPredicate.class, maxRetries = 5, delay = 0)
		public int duplicate() {
			this.duplicates.incrementAndGet();
			throw new DataIntegrityViolationException("duplicate");
		}

	}

}
