package dev.tether.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.tether.annotation.RetryOptimistic;
import dev.tether.retry.OptimisticRetryTemplate;
import dev.tether.retry.RetryAutoConfiguration;
import org.aopalliance.intercept.MethodInterceptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a {@code @RetryOptimistic} boundary costs a call that does not conflict, without a database
 * (the work is an addition), wired by Boot's auto-configuration with the defaults:
 * <ul>
 * <li>{@code unadvised}: a method of the same proxied bean that no advice applies to;</li>
 * <li>{@code noOpAdvice}: a method with one pass-through Spring AOP interceptor, the floor of any
 * advised method (Spring's invocation object and chain);</li>
 * <li>{@code retryOptimistic}: a {@code @RetryOptimistic} method;</li>
 * <li>{@code template}: {@code OptimisticRetryTemplate.execute} with a prepared supplier.</li>
 * </ul>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RetryBoundaryBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RetryBoundaryBenchmark {

	private ConfigurableApplicationContext context;

	private Work work;

	private OptimisticRetryTemplate template;

	private long value;

	private final Supplier<Long> supplier = () -> this.value + 1;

	@Setup(Level.Trial)
	public void start() {
		this.context = new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn")
			.run();
		this.work = this.context.getBean(Work.class);
		this.template = this.context.getBean(OptimisticRetryTemplate.class);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public long unadvised() {
		return this.work.unadvised(this.value++);
	}

	@Benchmark
	public long noOpAdvice() {
		return this.work.noOpAdvised(this.value++);
	}

	@Benchmark
	public long retryOptimistic() {
		return this.work.retried(this.value++);
	}

	@Benchmark
	public long template() {
		this.value++;
		return this.template.execute("work", this.supplier);
	}

	/** Marks the method that the pass-through interceptor applies to. */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	public @interface PassThrough {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, RetryAutoConfiguration.class })
	static class Config {

		@Bean
		Work work() {
			return new Work();
		}

		@Bean
		static Advisor passThroughAdvisor() {
			return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, PassThrough.class),
					(MethodInterceptor) (invocation) -> invocation.proceed());
		}

	}

	/** One bean, one proxy, three ways to call. */
	public static class Work {

		public long unadvised(long x) {
			return x + 1;
		}

		@PassThrough
		public long noOpAdvised(long x) {
			return x + 1;
		}

		@RetryOptimistic
		public long retried(long x) {
			return x + 1;
		}

	}

}
