package dev.tether.replica;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bookkeeping of role changes, as pure logic: one count and one log per change, none while it
 * lasts, and a primary pool that is not HikariCP said to be not evictable. Real nodes:
 * RoleChangeTests, MariaDbRoleChangeTests.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrimaryRoleTests {

	@Test
	void aRoleChangeIsCountedAndLoggedOnceWhileItLastsAndAgainWhenItComesBack(CapturedOutput output) {
		PrimaryRole role = new PrimaryRole(new SimpleDriverDataSource());
		role.observe(null, null);
		assertThat(role.changes()).isZero();
		role.observe("pg_is_in_recovery() = true", null);
		role.observe("pg_is_in_recovery() = true", null);
		assertThat(role.changes()).isEqualTo(1);
		assertThat(role.standby()).isEqualTo("pg_is_in_recovery() = true");
		role.observe(null, null);
		assertThat(role.standby()).isNull();
		role.observe("pg_is_in_recovery() = true", null);
		assertThat(role.changes()).isEqualTo(2);
		assertThat(output.getAll().split("Primary answers as a standby", -1)).hasSize(3);
		assertThat(output).contains("cannot be evicted", SimpleDriverDataSource.class.getName(), "targetServerType=primary");
	}

}
