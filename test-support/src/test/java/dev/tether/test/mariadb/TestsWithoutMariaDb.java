package dev.tether.test.mariadb;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs in a child JVM of {@link MariaDbSkipTests}, where no mariadbd can be found: runs
 * {@link MariaDbReplicationTests} and reports on stdout how each container and test ended.
 */
final class TestsWithoutMariaDb {

	private TestsWithoutMariaDb() {
	}

	public static void main(String[] args) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(selectClass(MariaDbReplicationTests.class))
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
