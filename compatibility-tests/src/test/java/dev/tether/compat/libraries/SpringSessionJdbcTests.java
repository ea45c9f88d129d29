package dev.tether.compat.libraries;

import java.util.List;

import javax.sql.DataSource;

import dev.tether.compat.Databases;
import dev.tether.compat.Tether;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Session JDBC on the routed DataSource: its repository runs its statements in
 * read-write {@code REQUIRES_NEW} transactions of its own, so a session saved is on the primary
 * and read back from there at once, nothing is refused, and it behaves as without the starter.
 */
class SpringSessionJdbcTests {

	private final WebApplicationContextRunner plain = new WebApplicationContextRunner()
		.withConfiguration(Tether.jdbc())
		.withConfiguration(AutoConfigurations.of(SessionAutoConfiguration.class, JdbcSessionAutoConfiguration.class))
		// Boot creates the session tables only in embedded databases by default; this is a real one.
		.withPropertyValues("spring.session.jdbc.initialize-schema=always");

	private final WebApplicationContextRunner withTether = this.plain.withConfiguration(Tether.autoConfigurations());

	@Test
	void aSessionSavedIsOnThePrimaryAndReadBackAtOnceWithNothingRefused() {
		this.withTether.withPropertyValues(Databases.properties("compat_session_tether")).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(JdbcIndexedSessionRepository.class);
			assertThat(TetherDataSource.find(context.getBean(DataSource.class))).isNotNull();
			assertThat(saveAndRead(context)).isEqualTo("cart-42");
			Tether.assertNothingRefused(context.getBean(RoutingCounters.class));
		});
		assertThat(attributes("compat_session_tether")).containsExactly("cart");
	}

	@Test
	void itBehavesAsWithoutTheStarter() {
		String[] read = new String[2];
		this.plain.withPropertyValues(Databases.primaryOnlyIn("compat_session_plain"))
			.run((context) -> read[0] = saveAndRead(context));
		this.withTether.withPropertyValues(Databases.properties("compat_session_routed"))
			.run((context) -> read[1] = saveAndRead(context));
		assertThat(read[1]).isEqualTo(read[0]).isEqualTo("cart-42");
		assertThat(attributes("compat_session_routed")).isEqualTo(attributes("compat_session_plain"));
	}

	private static String saveAndRead(ConfigurableApplicationContext context) {
		@SuppressWarnings("unchecked")
		SessionRepository<Session> sessions = context.getBean(SessionRepository.class);
		Session session = sessions.createSession();
		session.setAttribute("cart", "cart-42");
		sessions.save(session);
		Session found = sessions.findById(session.getId());
		return (found != null) ? found.getAttribute("cart") : null;
	}

	private static List<String> attributes(String schema) {
		return Databases.query(Databases.cluster().primary(),
				"select attribute_name from " + schema + ".spring_session_attributes");
	}

}
