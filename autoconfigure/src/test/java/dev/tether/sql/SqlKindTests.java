package dev.tether.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Tests for {@link SqlKind}.
 */
class SqlKindTests {

	@Test
	void readsAndSessionStatementsAreReplicaSafe() {
		assertThat(SqlKind.READ.isReplicaSafe()).isTrue();
		assertThat(SqlKind.SESSION.isReplicaSafe()).isTrue();
	}

	@Test
	void lockingReadsAndWritesAreNotReplicaSafe() {
		assertThat(SqlKind.LOCKING_READ.isReplicaSafe()).isFalse();
		assertThat(SqlKind.WRITE.isReplicaSafe()).isFalse();
	}

}
