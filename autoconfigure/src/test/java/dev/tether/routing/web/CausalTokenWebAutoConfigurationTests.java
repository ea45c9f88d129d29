package dev.tether.routing.web;

import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.test.postgres.EmbeddedReplicatedPostgres;
import dev.tether.test.postgres.SharedReplicatedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class CausalTokenWebAutoConfigurationTests {

	private static final EmbeddedReplicatedPostgres cluster = SharedReplicatedPostgres.get();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RoutingAutoConfiguration.class,
				CausalTokenWebAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + cluster.primary().jdbcUrl(),
				"spring.datasource.username=" + cluster.username(), "spring.datasource.password=" + cluster.password(),
				"tether.replicas.replica-1.url=" + cluster.replica(0).jdbcUrl());

	@Test
	void requestsGetAFilterAndOutgoingCallsAnInterceptorButResponsesNoTokenByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(CausalTokenFilter.class)
			.hasSingleBean(CausalTokenInterceptor.class)
			.doesNotHaveBean(CausalTokenResponseAdvice.class));
	}

	@Test
	void responsesCarryTheTokenWhenAsked() {
		this.runner.withPropertyValues("tether.routing.causal-token.response-header=true")
			.run((context) -> assertThat(context).hasSingleBean(CausalTokenResponseAdvice.class));
	}

	@Test
	void withoutSpringMvcThereIsNoResponseAdviceAndTheRestStillWorks() {
		this.runner.withPropertyValues("tether.routing.causal-token.response-header=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(CausalTokenFilter.class)
				.doesNotHaveBean(CausalTokenResponseAdvice.class));
	}

	@Test
	void aShortSigningKeyFailsAtStartupNamingThePropertyButNotTheKey() {
		this.runner.withPropertyValues("tether.routing.causal-token.signing-keys=tooShortSecret")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tether.routing.causal-token.signing-keys[0] is 14 characters long")
				.hasMessageNotContaining("tooShortSecret"));
	}

}
