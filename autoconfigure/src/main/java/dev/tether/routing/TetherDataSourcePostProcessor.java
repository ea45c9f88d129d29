package dev.tether.routing;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.log.LogMessage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Puts a {@link TetherDataSource} in front of the application's primary {@link DataSource}, the
 * bean {@link RoutedDataSourceSelection} chooses (the one {@code tether.routing.data-source} names,
 * the only one, the {@code @Primary} one, or the one named {@code dataSource}); every other
 * {@code DataSource} bean is left alone. A primary HikariCP pool
 * that nobody named is named {@value #PRIMARY_POOL_NAME}, to match the replicas' pool names in
 * logs and pool metrics instead of HikariCP's {@code HikariPool-1}.
 * A primary HikariCP pool of MySQL Connector/J gets {@code trackSessionState=true}
 * ({@link MySqlSessionTracking}) unless {@code tether.routing.causal-own-gtid=false}.
 */
final class TetherDataSourcePostProcessor
		implements DestructionAwareBeanPostProcessor, BeanFactoryAware, EnvironmentAware {

	private static final Log logger = LogFactory.getLog(TetherDataSourcePostProcessor.class);

	/** The name given to the primary's HikariCP pool when the application did not name it. */
	static final String PRIMARY_POOL_NAME = "tether-primary";

	/** Builds the router for a primary from the bound settings (the auto-configuration's job). */
	private final Function<DataSource, TetherDataSource> routerFactory;

	private ConfigurableListableBeanFactory beanFactory;

	private Environment environment;

	/** Decided at the first DataSource bean, when every bean definition is registered. */
	private volatile RoutedDataSourceSelection selection;

	/**
	 * The routers this post-processor created, by the name of the primary bean they wrap. Spring
	 * registers a bean's destroy callback on the raw bean, not on what post-processors returned for
	 * it, so the router is closed from here when its primary is destroyed.
	 */
	private final Map<String, TetherDataSource> routers = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * The raw primary beans, as Spring will destroy them: seen before initialization, because an
	 * ordered post-processor (Boot's {@code connection-fetch=lazy}) may have replaced the bean by
	 * the time this one wraps it.
	 */
	private final Map<Object, String> rawPrimaries = java.util.Collections.synchronizedMap(new IdentityHashMap<>());

	TetherDataSourcePostProcessor(Function<DataSource, TetherDataSource> routerFactory) {
		this.routerFactory = routerFactory;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Names the pool before it starts (HikariCP seals its configuration then, and starts a pool
	 * built by Spring Boot at its first connection). This runs after the binding of
	 * {@code spring.datasource.hikari.*}, a prioritized post-processor, so a name the application
	 * set there, or with {@code spring.datasource.name}, is kept.
	 */
	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DataSource && !(bean instanceof TetherDataSource) && isPrimary(beanName)) {
			this.rawPrimaries.put(bean, beanName);
			if (bean instanceof HikariDataSource hikari && !hikari.isRunning()) {
				if (hikari.getPoolName() == null) {
					hikari.setPoolName(PRIMARY_POOL_NAME);
				}
				if (causalOwnGtid()) {
					MySqlSessionTracking.enable(hikari, (this.beanFactory != null) ? this.beanFactory.getBeanClassLoader()
							: getClass().getClassLoader());
				}
			}
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DataSource dataSource && !(bean instanceof TetherDataSource) && isPrimary(beanName)) {
			TetherDataSource router = this.routerFactory.apply(dataSource);
			this.routers.put(beanName, router);
			this.rawPrimaries.put(bean, beanName);
			return router;
		}
		return bean;
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return this.rawPrimaries.containsKey(bean);
	}

	/** Stops the router's replica probe and closes its replica pools (and the primary, which Spring closes too). */
	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) throws BeansException {
		this.rawPrimaries.remove(bean);
		TetherDataSource router = this.routers.remove(beanName);
		if (router != null) {
			router.close();
		}
	}

	/**
	 * {@code tether.routing.causal-own-gtid}, read from the environment: the primary is prepared
	 * before the routing properties are bound.
	 */
	private boolean causalOwnGtid() {
		return this.environment == null || this.environment.getProperty("tether.routing.causal-own-gtid", Boolean.class,
				TetherDataSource.Builder.DEFAULT_CAUSAL_OWN_GTID);
	}

	private boolean isPrimary(String beanName) {
		return beanName.equals(selection().beanName());
	}

	private RoutedDataSourceSelection selection() {
		RoutedDataSourceSelection selection = this.selection;
		if (selection == null) {
			if (this.beanFactory == null || this.environment == null) {
				// Outside an application context (a plain bean factory): Boot's default bean name.
				selection = RoutedDataSourceSelection.select(List.of("dataSource"), List.of(), null);
			}
			else {
				selection = RoutedDataSourceSelection.of(this.beanFactory, this.environment);
			}
			if (selection.beanName() == null && !selection.candidates().isEmpty()) {
				logger.warn(LogMessage.of(selection::describe));
			}
			else if (selection.ambiguous()) {
				logger.info(LogMessage.of(selection::describe));
			}
			this.selection = selection;
		}
		return selection;
	}

}
