package dev.tether.routing;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The replacement of a replica pool itself, on pools that never connect (nothing to connect to is
 * needed: what is tested is which pool serves and when); the replacement of a pool that HikariCP
 * really left unable to connect, on a real replica, is in {@link PoisonedReplicaPoolTests}.
 */
class RenewableReplicaPoolTests {

	@Test
	void whileAPoolIsReplacedAReadFailsAtOnceAndTheNewPoolKeepsItsSettings() throws Exception {
		HikariDataSource first = pool();
		AtomicInteger started = new AtomicInteger();
		AtomicInteger ended = new AtomicInteger();
		AtomicBoolean endedWhileRenewing = new AtomicBoolean(true);
		RenewableReplicaPool renewable = new RenewableReplicaPool(first);
		try {
			// the replacement waits for this lock, so it is certainly running while the read comes
			synchronized (renewable) {
				assertThat(renewable.renewLater(first, started::incrementAndGet, () -> {
					// the hold ends once reads may take connections again
					endedWhileRenewing.set(renewable.isRenewing());
					ended.incrementAndGet();
				})).isTrue();
				assertThat(started).as("run before the replacement, on this thread").hasValue(1);
				long start = System.nanoTime();
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(renewable::getConnection)
					.withMessageContaining("HikariCP pool tether-replica-test is being replaced");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the pool's connection timeout")
					.isLessThan(Duration.ofMillis(500));
				// a second read that finds the pool broken starts no second replacement
				assertThat(renewable.renewLater(first, started::incrementAndGet, ended::incrementAndGet)).isFalse();
				assertThat(ended).as("the replacement waits for the lock").hasValue(0);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 1);
			assertThat(started).hasValue(1);
			assertThat(endedWhileRenewing).as("ended after the replacement").isFalse();
			HikariDataSource second = renewable.current();
			assertThat(first.isClosed()).isTrue();
			assertThat(second.isClosed()).isFalse();
			assertThat(second.getPoolName()).isEqualTo("tether-replica-test");
			assertThat(second.getJdbcUrl()).isEqualTo(first.getJdbcUrl());
			assertThat(second.getConnectionTimeout()).isEqualTo(first.getConnectionTimeout());
			assertThat(renewable.unwrap(HikariDataSource.class)).isSameAs(second);
			assertThat(renewable.renew(first)).as("replaced already").isFalse();
			assertThat(renewable.renewLater(first, started::incrementAndGet, ended::incrementAndGet))
				.as("replaced already").isFalse();
			assertThat(started).hasValue(1);
		}
		finally {
			renewable.close();
		}
		assertThat(renewable.current().isClosed()).isTrue();
		assertThat(renewable.renew(renewable.current())).as("the router closed it: nothing is created").isFalse();
	}

	private static HikariDataSource pool() {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("tether-replica-test");
		pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
		pool.setMinimumIdle(0);
		pool.setMaximumPoolSize(1);
		pool.setConnectionTimeout(2000);
		pool.setInitializationFailTimeout(-1);
		return pool;
	}

}
