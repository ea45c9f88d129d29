package dev.tether.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tether} health contributor ({@code tether.health.*}); it is switched on and off
 * with Spring Boot's {@code management.health.tether.enabled}.
 */
@ConfigurationProperties("tether.health")
public class TetherHealthProperties {

	/**
	 * Maximum time to wait for each node's answer (a connection from its pool and a validation)
	 * before reporting it down.
	 */
	private Duration timeout = Duration.ofSeconds(2);

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
