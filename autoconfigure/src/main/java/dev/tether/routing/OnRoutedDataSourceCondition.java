package dev.tether.routing;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition behind {@link ConditionalOnRoutedDataSource}. */
final class OnRoutedDataSourceCondition extends SpringBootCondition implements ConfigurationCondition {

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		// Bean definitions are only complete once earlier configurations registered theirs.
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean enabled = Binder.get(context.getEnvironment()).bind("tether.routing.enabled", Boolean.class).orElse(true);
		if (!enabled) {
			return ConditionOutcome.noMatch("tether.routing.enabled is false");
		}
		if (context.getBeanFactory() == null) {
			return ConditionOutcome.noMatch("no bean factory");
		}
		RoutedDataSourceSelection selection;
		try {
			selection = RoutedDataSourceSelection.of(context.getBeanFactory(), context.getEnvironment());
		}
		catch (IllegalStateException ex) {
			// The post-processor reports the bad name at startup; the condition only decides.
			return ConditionOutcome.noMatch(ex.getMessage());
		}
		return (selection.beanName() != null)
				? ConditionOutcome.match("Tether routes DataSource bean '" + selection.beanName() + "' (" + selection.reason() + ")")
				: ConditionOutcome.noMatch("Tether routes no DataSource: " + selection.reason());
	}

}
