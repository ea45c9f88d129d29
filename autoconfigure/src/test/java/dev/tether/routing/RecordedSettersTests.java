package dev.tether.routing;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The setters of a failover statement are called again, in order and with their arguments; no database. */
class RecordedSettersTests {

	private final List<String> calls = new ArrayList<>();

	private final PreparedStatement driver = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] { PreparedStatement.class }, (proxy, method, args) -> {
				this.calls.add(method.getName() + ((args != null) ? List.of(args) : List.of()));
				return null;
			});

	@Test
	void everySetterIsReplayedInOrderOnTheStatementThatReplacesTheBrokenOne() throws SQLException {
		PreparedStatement ignoring = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { PreparedStatement.class }, (proxy, method, args) -> null);
		FailoverPreparedStatement statement = new FailoverPreparedStatement(null, ignoring, "select 1",
				PreparedForm.PLAIN);
		statement.setLong(1, 42L);
		statement.setString(2, "a");
		statement.setObject(3, new BigDecimal("1.5"), Types.NUMERIC, 2);
		statement.setNull(4, Types.INTEGER);
		statement.setFetchSize(10);
		statement.clearParameters();
		statement.setInt(1, 7);
		statement.replaySetters(this.driver);
		assertThat(this.calls).containsExactly("setLong[1, 42]", "setString[2, a]", "setObject[3, 1.5, 2, 2]",
				"setNull[4, 4]", "setFetchSize[10]", "clearParameters[]", "setInt[1, 7]");
	}

	@Test
	void aStatementWithoutSettersReplaysNothing() throws SQLException {
		new RecordedSetters().replay(this.driver);
		assertThat(this.calls).isEmpty();
	}

}
