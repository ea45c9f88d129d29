package dev.tether.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tether.retry.RetryBudget;
import dev.tether.retry.RetryCounters;
import dev.tether.routing.RoutingAutoConfiguration;
import dev.tether.routing.RoutingCounters;
import dev.tether.routing.ReplicasProperties;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The {@code tether} Actuator endpoint, when Actuator is present, routing is on, and the endpoint
 * is available (Spring Boot's {@code management.endpoint.tether.access} and
 * {@code management.endpoints.web.exposure.include} decide).
 */
@AutoConfiguration(after = RoutingAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ RoutingCounters.class, ReplicasProperties.class })
@ConditionalOnAvailableEndpoint(TetherEndpoint.class)
public final class TetherEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TetherSettings tetherSettings(ListableBeanFactory beanFactory, Environment environment,
			ObjectProvider<SanitizingFunction> sanitizingFunctions) {
		return new TetherSettings(new BoundProperties(beanFactory, environment),
				sanitizingFunctions.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	TetherEndpoint tetherEndpoint(ObjectProvider<DataSource> dataSources, RoutingCounters counters,
			ObjectProvider<TetherEndpointContributor> contributors, TetherSettings settings) {
		return new TetherEndpoint(dataSources, counters, contributors, settings);
	}

	@Bean
	TetherEndpointContributor tetherRetryEndpointContributor(ObjectProvider<RetryCounters> counters,
			ObjectProvider<RetryBudget> budget) {
		return new RetrySection(counters, budget);
	}

	/**
	 * Tether's {@code @ConfigurationProperties} types, found on the class path under
	 * {@code dev.tether} (so a new one needs no list), each as the application binds it: its bean
	 * when its feature's auto-configuration registered one, else bound from the environment (a
	 * feature switched off still shows its switch).
	 */
	static final class BoundProperties implements Supplier<Map<String, Object>> {

		private final ListableBeanFactory beanFactory;

		private final Environment environment;

		private volatile Map<String, Class<?>> types;

		BoundProperties(ListableBeanFactory beanFactory, Environment environment) {
			this.beanFactory = beanFactory;
			this.environment = environment;
		}

		@Override
		public Map<String, Object> get() {
			Map<String, Object> bound = new LinkedHashMap<>();
			Binder binder = Binder.get(this.environment);
			types().forEach((prefix, type) -> {
				Object bean = this.beanFactory.getBeanProvider(type).getIfUnique();
				bound.put(prefix, (bean != null) ? bean : binder.bindOrCreate(prefix, Bindable.of(type)));
			});
			return bound;
		}

		/** Scanned once: the class path does not change. */
		Map<String, Class<?>> types() {
			Map<String, Class<?>> types = this.types;
			if (types == null) {
				ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
						this.environment);
				scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
				ClassLoader classLoader = TetherEndpointAutoConfiguration.class.getClassLoader();
				types = new TreeMap<>();
				for (BeanDefinition candidate : scanner.findCandidateComponents("dev.tether")) {
					Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader);
					String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
					if (prefix.isEmpty()) {
						prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("value");
					}
					if (prefix.equals("tether") || prefix.startsWith("tether.")) {
						types.put(prefix, type);
					}
				}
				types = Collections.unmodifiableMap(types);
				this.types = types;
			}
			return types;
		}

	}

}
