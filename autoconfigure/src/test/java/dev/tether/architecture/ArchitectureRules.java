package dev.tether.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * Tether's architecture rules, in the spirit of Spring Boot's own (its build checks every module
 * with ArchUnit): no package tangles, auto-configuration on top of the core, locale-safe case
 * conversion, static bean methods for bean post-processors.
 */
final class ArchitectureRules {

	private static final String AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.AutoConfiguration";

	private ArchitectureRules() {
	}

	/**
	 * No cycle between the packages of {@code dev.tether} (each package, sub-packages apart, is one
	 * slice).
	 */
	static ArchRule packagesAreFreeOfCycles() {
		return SlicesRuleDefinition.slices()
			.matching("dev.tether.(**)")
			.should()
			.beFreeOfCycles();
	}

	/**
	 * The auto-configuration layer is the classes named {@code *AutoConfiguration} or
	 * {@code *Properties} or annotated {@code @AutoConfiguration} (and the classes nested in them, such
	 * as a nested configuration or a properties group), and every class of an {@code autoconfigure}
	 * package; the core is every other class. The core never uses the auto-configuration
	 * layer: a library built by hand, without Boot, must not need it.
	 */
	static ArchRule coreDoesNotUseAutoConfiguration() {
		return ArchRuleDefinition.noClasses()
			.that(DescribedPredicate.not(autoConfigurationLayer()))
			.should()
			.dependOnClassesThat(autoConfigurationLayer())
			.because("the library's core must work without Spring Boot: auto-configuration is built on the"
					+ " core, never the reverse");
	}

	static ArchRule noToLowerCaseWithoutLocale() {
		return ArchRuleDefinition.noClasses()
			.should()
			.callMethod(String.class, "toLowerCase")
			.because("the default locale changes the result (Turkish lower-cases \"I\" to a dotless \"ı\");"
					+ " use String.toLowerCase(Locale.ROOT)");
	}

	static ArchRule noToUpperCaseWithoutLocale() {
		return ArchRuleDefinition.noClasses()
			.should()
			.callMethod(String.class, "toUpperCase")
			.because("the default locale changes the result (Turkish upper-cases \"i\" to a dotted \"İ\");"
					+ " use String.toUpperCase(Locale.ROOT)");
	}

	/**
	 * A {@code @Bean} method returning a {@code BeanPostProcessor} is {@code static}, so the
	 * post-processor is created without its configuration class (which would then miss
	 * post-processing).
	 */
	static ArchRule beanPostProcessorBeanMethodsAreStatic() {
		return ArchRuleDefinition.methods()
			.that()
			.areAnnotatedWith("org.springframework.context.annotation.Bean")
			.and()
			.haveRawReturnType(JavaClass.Predicates.assignableTo("org.springframework.beans.factory.config.BeanPostProcessor"))
			.should()
			.beStatic()
			.allowEmptyShould(true);
	}

	private static DescribedPredicate<JavaClass> autoConfigurationLayer() {
		return DescribedPredicate.describe("Tether's auto-configuration classes (*AutoConfiguration, *Properties, autoconfigure packages)",
				ArchitectureRules::isAutoConfigurationLayer);
	}

	private static boolean isAutoConfigurationLayer(JavaClass type) {
		if (!type.getPackageName().startsWith("dev.tether")) {
			// Boot's own auto-configuration API (a customizer interface, say) is no layer of Tether's
			return false;
		}
		if (type.getPackageName().endsWith(".autoconfigure") || type.getPackageName().contains(".autoconfigure.")) {
			return true;
		}
		for (JavaClass current = type; current != null; current = current.getEnclosingClass().orElse(null)) {
			String name = current.getSimpleName();
			if (name.endsWith("AutoConfiguration") || name.endsWith("Properties")
					|| current.isAnnotatedWith(AUTO_CONFIGURATION)) {
				return true;
			}
		}
		return false;
	}

}
