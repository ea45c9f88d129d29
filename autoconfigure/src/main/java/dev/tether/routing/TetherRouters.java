package dev.tether.routing;

import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Finds the router of an application context: the {@link TetherDataSource} in front of the
 * {@code DataSource} bean that Tether routes. Beans that need the router look it up here instead
 * of assuming that the {@code DataSource} bean is one: the application may have several, wrap
 * the router in instrumentation of its own, or route none.
 */
public final class TetherRouters {

	private final ConfigurableListableBeanFactory beanFactory;

	private final Environment environment;

	TetherRouters(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	/**
	 * Returns the router, creating the routed {@code DataSource} bean if it does not exist yet.
	 * @return the router, or empty when Tether routes no {@code DataSource} of this context
	 */
	public Optional<TetherDataSource> routed() {
		String name = RoutedDataSourceSelection.of(this.beanFactory, this.environment).beanName();
		if (name == null) {
			return Optional.empty();
		}
		return Optional.ofNullable(TetherDataSource.find(this.beanFactory.getBean(name, DataSource.class)));
	}

	/**
	 * Returns the router, for features that are only configured when one exists.
	 * @return the router
	 * @throws IllegalStateException if Tether routes no {@code DataSource} of this context
	 */
	public TetherDataSource required() {
		return routed().orElseThrow(() -> new IllegalStateException("Tether routes no DataSource bean of this context: "
				+ RoutedDataSourceSelection.of(this.beanFactory, this.environment).reason() + "; set "
				+ RoutedDataSourceSelection.PROPERTY + "=<bean name> to choose one"));
	}

}
