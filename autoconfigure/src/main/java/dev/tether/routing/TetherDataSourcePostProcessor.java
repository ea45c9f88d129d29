package dev.tether.routing;

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
		RoutingProperties.Routing routing = settings.getRouting();
		TetherDataSource.Builder builder = TetherDataSource.builder(primary)
			.classifierCacheSize(routing.getClassifierCacheSize())
			.probeInterval(settings.getReplica().getProbeInterval())
			.maxLag(settings.getReplica().getMaxLag())
			.readPolicy(new ReadPolicy(routing.getReadYourWrites(), routing.getCausalWait(),
					routing.getReadYourWritesWindow(),
					settings.getReplica().getFallback() == RoutingProperties.ReplicaHealthSettings.Fallback.PRIMARY));
		ReplicaPools.create(settings.getReplicas(), primary)
			.forEach((replica) -> builder.replica(replica.name(), replica.dataSource(), replica.weight()));
		this.listeners.orderedStream().forEach(builder::listener);
		return builder.build();
	}

}
