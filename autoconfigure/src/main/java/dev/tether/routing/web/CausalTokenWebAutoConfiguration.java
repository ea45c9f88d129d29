package dev.tether.routing.web;

import dev.tether.routing.CausalTokenProperties;
import dev.tether.routing.CausalTokens;
import dev.tether.routing.RoutingAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Read-your-writes across HTTP: a per-request session seeded from the
 * {@value CausalTokens#HEADER} header for Spring MVC, and an interceptor that sends the
 * session's token with outgoing {@code RestClient} calls. A separate auto-configuration, ordered
 * after {@link RoutingAutoConfiguration}, because a condition on {@link CausalTokens} inside that
 * class would be evaluated before the class registers the bean and never match.
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.http.client.ClientHttpRequestInterceptor")
@ConditionalOnBean(CausalTokens.class)
public final class CausalTokenWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CausalTokenInterceptor tetherCausalTokenInterceptor(CausalTokens tokens) {
		return new CausalTokenInterceptor(tokens);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	static class Servlet {

		@Bean
		@ConditionalOnMissingBean
		CausalTokenFilter tetherCausalTokenFilter(CausalTokens tokens, CausalTokenProperties properties) {
			return new CausalTokenFilter(tokens, properties.isHeader());
		}

		// a class of its own: its bean's type implements a Spring MVC interface
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice")
		@ConditionalOnBooleanProperty("tether.routing.causal-token.response-header")
		static class ResponseHeader {

			@Bean
			@ConditionalOnMissingBean
			CausalTokenResponseAdvice tetherCausalTokenResponseAdvice(CausalTokens tokens) {
				return new CausalTokenResponseAdvice(tokens);
			}

		}

	}

}
