package dev.tether.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Which {@code DataSource} bean Tether routes, decided from the bean definitions alone so that the
 * post-processor that wraps it and the conditions of the features that need the router agree:
 * the bean that {@value #PROPERTY} names; else the only {@code DataSource} candidate; else the
 * {@code @Primary} one (Boot's documented pattern for an application's own data source beside a
 * second pool); else the bean named {@code dataSource}; else none, with a message that says how
 * to choose. Every other {@code DataSource} bean is left alone.
 *
 * @param beanName the bean to route, or {@code null} when none is routed
 * @param candidates every {@code DataSource} bean that is an autowire candidate
 * @param reason why this bean (or none) was chosen, for the startup log
 */
record RoutedDataSourceSelection(String beanName, List<String> candidates, String reason) {

	/** The property that names the bean to route when several exist. */
	static final String PROPERTY = "tether.routing.data-source";

	static RoutedDataSourceSelection of(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		String configured = Binder.get(environment).bind(PROPERTY, String.class).orElse(null);
		List<String> candidates = new ArrayList<>();
		List<String> primaries = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
			if (!isCandidate(beanFactory, name)) {
				continue;
			}
			candidates.add(name);
			if (isPrimary(beanFactory, name)) {
				primaries.add(name);
			}
		}
		return select(candidates, primaries, configured);
	}

	static RoutedDataSourceSelection select(List<String> candidates, List<String> primaries, String configured) {
		List<String> all = List.copyOf(candidates);
		if (configured != null && !configured.isBlank()) {
			if (!all.contains(configured)) {
				throw new IllegalStateException(PROPERTY + "=" + configured + " names no DataSource bean: set it to one of "
						+ all + ", or remove it to route the only or the @Primary DataSource");
			}
			return new RoutedDataSourceSelection(configured, all, "named by " + PROPERTY);
		}
		if (all.size() == 1) {
			return new RoutedDataSourceSelection(all.get(0), all, "the only DataSource bean");
		}
		if (all.isEmpty()) {
			return new RoutedDataSourceSelection(null, all, "there is no DataSource bean");
		}
		if (primaries.size() == 1) {
			return new RoutedDataSourceSelection(primaries.get(0), all, "the @Primary DataSource bean");
		}
		if (all.contains("dataSource")) {
			return new RoutedDataSourceSelection("dataSource", all, "the DataSource bean named 'dataSource'");
		}
		return new RoutedDataSourceSelection(null, all, "none of the DataSource beans " + all
				+ " is @Primary or named 'dataSource'");
	}

	/** Whether several DataSource beans exist, so the log should say which one was routed and how to choose. */
	boolean ambiguous() {
		return this.candidates.size() > 1 || this.beanName == null && !this.candidates.isEmpty();
	}

	/** The startup message for an arrangement with several DataSource beans. */
	String describe() {
		if (this.beanName == null) {
			return "Tether routes no DataSource: " + this.reason + "; set " + PROPERTY
					+ "=<bean name> to route one of them (the others are left alone)";
		}
		return "Tether routes DataSource bean '" + this.beanName + "' (" + this.reason + ") of " + this.candidates
				+ "; the others are left alone. Set " + PROPERTY + "=<bean name> to route another";
	}

	private static boolean isCandidate(ConfigurableListableBeanFactory beanFactory, String name) {
		// A singleton registered without a definition is a candidate like any other.
		return !beanFactory.containsBeanDefinition(name) || beanFactory.getBeanDefinition(name).isAutowireCandidate();
	}

	private static boolean isPrimary(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		return definition.isPrimary();
	}

	@Override
	public String toString() {
		return "RoutedDataSourceSelection" + Arrays.asList(this.beanName, this.reason);
	}

}
