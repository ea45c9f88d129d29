package dev.tether.routing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when Tether routes a {@code DataSource} bean of the context: routing is on and a bean
 * is chosen by the rules of {@code tether.routing.data-source} (the named bean, the only one, the
 * {@code @Primary} one, or the one named {@code dataSource}). Tether's own auto-configurations
 * use it on features that need the router, so that they back off, instead of failing, in a
 * context without a {@code DataSource} (a {@code @WebMvcTest}, a configuration that excludes
 * {@code DataSourceAutoConfiguration}) or with several and none chosen. Like Boot's
 * {@code @ConditionalOnBean}, it sees the bean definitions registered so far: use it on
 * auto-configurations ordered after {@code DataSourceAutoConfiguration}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnRoutedDataSourceCondition.class)
public @interface ConditionalOnRoutedDataSource {

}
