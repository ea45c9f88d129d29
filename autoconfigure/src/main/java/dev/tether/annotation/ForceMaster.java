package dev.tether.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs everything inside the annotated scope on the primary: every transaction started and every
 * statement run by the method (or by every public method of the annotated type), nested calls
 * included, even a {@code @Transactional(readOnly = true)} one.
 * <p>
 * The scope is entered before any {@code @Transactional} boundary on the same method, so the
 * routing decision already knows it when the transaction's first statement runs. It follows work
 * handed to {@code @Async} methods and Spring task executors, and is restored to the outer scope
 * when the method returns or throws.
 * <p>
 * Use it for reads that must see the latest committed data, for example right after a write in
 * another transaction.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ForceMaster {

}
