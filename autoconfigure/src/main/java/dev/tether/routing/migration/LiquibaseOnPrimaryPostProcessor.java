package dev.tether.routing.migration;

import dev.tether.routing.TetherDataSource;
import liquibase.integration.spring.SpringLiquibase;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives a {@link SpringLiquibase} the router's primary before its initialization runs the
 * migration. A bean post-processor rather than Boot's customizer (package-private in Boot), so a
 * {@code SpringLiquibase} the application builds itself is covered too.
 */
final class LiquibaseOnPrimaryPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof SpringLiquibase liquibase && liquibase.getDataSource() != null) {
			TetherDataSource router = TetherDataSource.find(liquibase.getDataSource());
			if (router != null) {
				liquibase.setDataSource(router.getPrimary());
			}
		}
		return bean;
	}

}
