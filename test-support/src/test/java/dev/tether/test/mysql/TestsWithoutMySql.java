package dev.tether.test.mysql;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs in a child JVM of {@link MySqlSkipTests}, where the MySQL server archive is not on the class path: runs
 * {@link MySqlReplicationTests} and reports on stdout how each container and test ended.
 */
final class TestsWithoutMySql {

	private TestsWithoutMySql() {
	}

	public static void main(String[] args) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(selectClass(MySqlReplicationTests.class))
			.build();
		Launcher launcher = LauncherFactory.create();
		launcher.execute(request, new TestExecutionListener() {

			@Override
			public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
				System.out.println("RESULT " + identifier.getDisplayName() + " " + result.getStatus() + " "
						+ result.getThrowable().map(Throwable::getMessage).orElse(""));
			}

			@Override
			public void executionSkipped(TestIdentifier identifier, String reason) {
				System.out.println("SKIPPED " + identifier.getDisplayName() + " " + reason);
			}

		});
		System.out.flush();
	}

}
