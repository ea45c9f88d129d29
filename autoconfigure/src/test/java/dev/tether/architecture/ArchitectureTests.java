package dev.tether.architecture;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of the library, checked on its compiled main classes (not the tests,
 * not {@code tether-test}): {@link ArchitectureRules} says what each rule holds and why.
 */
class ArchitectureTests {

	private static final JavaClasses LIBRARY = importLibrary();

	@Test
	void packagesAreFreeOfCycles() {
		ArchitectureRules.packagesAreFreeOfCycles().check(LIBRARY);
	}

	@Test
	void autoConfigurationDependsOnTheCoreAndNeverTheReverse() {
		ArchitectureRules.coreDoesNotUseAutoConfiguration().check(LIBRARY);
	}

	@Test
	void caseConversionNamesItsLocale() {
		ArchitectureRules.noToLowerCaseWithoutLocale().check(LIBRARY);
		ArchitectureRules.noToUpperCaseWithoutLocale().check(LIBRARY);
	}

	@Test
	void beanPostProcessorsAreRegisteredByStaticBeanMethods() {
		ArchitectureRules.beanPostProcessorBeanMethodsAreStatic().check(LIBRARY);
	}

	/** The classes of {@code tether-spring-boot}: the directory or jar {@link TetherDataSource} came from. */
	private static JavaClasses importLibrary() {
		try {
			Path location = Path.of(TetherDataSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return new ClassFileImporter().importPath(location);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
