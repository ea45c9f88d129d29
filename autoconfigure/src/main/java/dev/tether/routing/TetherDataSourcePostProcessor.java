package dev.tether.routing;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts a {@link TetherDataSource} in front of the application's primary {@link DataSource}: the
 * bean named {@code dataSource}, or the only {@code DataSource} bean. A primary HikariCP pool
 * that nobody named is named {@value #PRIMARY_POOL_NAME}, to match the replicas' pool names in
 * logs and pool metrics instead of HikariCP's {@code HikariPool-1}.
 */
final class TetherDataSourcePostProcessor implements BeanPostProcessor, BeanFactoryAware {

	/** The name given to the primary's HikariCP pool when the application did not name it. */
	static final String PRIMARY_POOL_NAME = "tether-primary";

	private final ObjectProvider<RoutingProperties> properties;

	private final ObjectProvider<RoutingListener> listeners;

	private final ObjectProvider<TransactionObserver> observer;

	private ListableBeanFactory beanFactory;

	TetherDataSourcePostProcessor(ObjectProvider<RoutingProperties> properties,
			ObjectProvider<RoutingListener> listeners, ObjectProvider<TransactionObserver> observer) {
		this.properties = properties;
		this.listeners = listeners;
		this.observer = observer;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ListableBeanFactory listable) ? listable : null;
	}

	/**
	 * Names the pool before it starts (HikariCP seals its configuration then, and starts a pool
	 * built by Spring Boot at its first connection). This runs after the binding of
	 * {@code spring.datasource.hikari.*}, a prioritized post-processor, so a name the application
	 * set there, or with {@code spring.datasource.name}, is kept.
	 */
	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof HikariDataSource hikari && hikari.getPoolName() == null && !hikari.isRunning()
				&& isPrimary(beanName)) {
			hikari.setPoolName(PRIMARY_POOL_NAME);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DataSource dataSource && !(bean instanceof TetherDataSource) && isPrimary(beanName)) {
			return wrap(dataSource);
		}
		return bean;
	}

	private boolean isPrimary(String beanName) {
		if ("dataSource".equals(beanName)) {
			return true;
		}
		if (this.beanFactory == null) {
			return false;
		}
		String[] names = this.beanFactory.getBeanNamesForType(DataSource.class, true, false);
		return names.length == 1 && names[0].equals(beanName);
	}

	private TetherDataSource wrap(DataSource primary) {
		RoutingProperties settings = this.properties.getObject();
		RoutingProperties.Routing routing = settings.getRouting();
		TetherDataSource.Builder builder = TetherDataSource.builder(primary)
			.classifierCacheSize(routing.getClassifierCacheSize())
			.probeInterval(settings.getReplica().getProbeInterval())
			.maxLag(settings.getReplica().getMaxLag())
			.readPolicy(new ReadPolicy(routing.getReadYourWrites(), routing.getCausalWait(),
					routing.getReadYourWritesWindow(),
					settings.getReplica().getFallback() == RoutingProperties.ReplicaHealthSettings.Fallback.PRIMARY));
		builder.guards(settings.getGuard().toGuards());
		List<RoutingListener> listeners = this.listeners.orderedStream().toList();
		listeners.forEach(builder::listener);
		RoutingListener refusals = listeners.isEmpty() ? new RoutingListener() { } : CompositeRoutingListener.of(listeners);
		ReplicaPools.create(settings.getReplicas(), primary, refusals)
			.forEach((replica) -> builder.replica(replica.name(), replica.dataSource(), replica.weight()));
		builder.observer(this.observer.getIfUnique());
		return builder.build();
	}

}
