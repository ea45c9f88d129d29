package dev.tether.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as {@code spring-boot:process-aot} left it, run on the JVM with
 * {@code -Dspring.aot.enabled=true} (set by the failsafe run after {@code package}): the
 * context comes from the generated initializer, not from configuration-class parsing, Tether
 * routes, and the answers name the node as in the ordinary run.
 */
@EnabledIfSystemProperty(named = "spring.aot.enabled", matches = "true",
		disabledReason = "run by failsafe after process-aot, which sets spring.aot.enabled; surefire runs before the initializer exists")
class SampleApplicationAotTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theAotProcessedSampleStartsAndRoutesReadsToTheReplicaAndWritesToThePrimary() throws Exception {
		assertThat(AotDetector.useGeneratedArtifacts()).as("spring.aot.enabled").isTrue();
		assertThat(ClassUtils.isPresent(SampleApplication.class.getName() + "__ApplicationContextInitializer",
				getClass().getClassLoader())).as("the initializer process-aot generated").isTrue();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// AOT mode loads the initializer generated for the main class, which is deduced from the stack otherwise.
		application.setMainApplicationClass(SampleApplication.class);
		try (ConfigurableApplicationContext context = application.run("--server.port=0")) {
			assertThat(context.getBeanFactory()
				.containsBeanDefinition("org.springframework.context.annotation.internalConfigurationAnnotationProcessor"))
				.as("no configuration-class parsing at run time").isFalse();
			assertThat(TetherDataSource.find(context.getBean(DataSource.class))).isNotNull();
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(get(port, "/products?category=books")).contains("\"node\":\"replica\"");
			assertThat(post(port, "/products/1/stock?delta=1")).contains("\"node\":\"primary\"");
		}
	}

	private String get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

	private String post(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
	}

}
