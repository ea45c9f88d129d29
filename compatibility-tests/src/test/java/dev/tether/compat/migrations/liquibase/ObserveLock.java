package dev.tether.compat.migrations.liquibase;

import java.sql.Connection;
import java.util.List;

import dev.tether.compat.Databases;
import dev.tether.test.assertj.AnsweringNode;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * A change that looks at the databases while Liquibase holds its lock: which node its own
 * connection is on, and the lock row of {@code databasechangeloglock} on the primary.
 */
public class ObserveLock implements CustomTaskChange {

	/** What the last run saw. */
	public static volatile Observation last;

	@Override
	public void execute(Database database) {
		try {
			Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
			AnsweringNode node = AnsweringNode.of(connection);
			String schema = database.getLiquibaseSchemaName();
			List<String> lock = Databases.query(Databases.cluster().primary(),
					"select locked || ' ' || (lockedby is not null) from " + schema + ".databasechangeloglock");
			last = new Observation(node, lock);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String getConfirmationMessage() {
		return "observed the lock";
	}

	@Override
	public void setUp() {
	}

	@Override
	public void setFileOpener(ResourceAccessor resourceAccessor) {
	}

	@Override
	public ValidationErrors validate(Database database) {
		return new ValidationErrors();
	}

	/** What one run saw: its connection's node and the lock rows on the primary. */
	public record Observation(AnsweringNode node, List<String> lockOnPrimary) {
	}

}
