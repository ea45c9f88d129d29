package dev.tether.routing;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts a {@link TetherDataSource} in front of the application's primary {@link DataSource}: the
 * bean named {@code dataSource}, or the only {@code DataSource} bean.
 */
final class TetherDataSourcePostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private final ObjectProvider<RoutingProperties> properties;

	private final ObjectProvider<RoutingListener> listeners;

	private ListableBeanFactory beanFactory;

	TetherDataSourcePostProcessor(ObjectProvider<RoutingProperties> properties,
			ObjectProvider<RoutingListener> listeners) {
		this.properties = properties;
		this.listeners = listeners;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ListableBeanFactory listable) ? listable : null;
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
		TetherDataSource.Builder builder = TetherDataSource.builder(primary)
			.classifierCacheSize(settings.getRouting().getClassifierCacheSize());
		List<RoutingListener> listeners = this.listeners.orderedStream().toList();
		listeners.forEach(builder::listener);
		RoutingListener refusals = listeners.isEmpty() ? new RoutingListener() { } : CompositeRoutingListener.of(listeners);
		ReplicaPools.create(settings.getReplicas(), primary, refusals)
			.forEach((replica) -> builder.replica(replica.name(), replica.dataSource(), replica.weight()));
		return builder.build();
	}

}
