package dev.tether.routing;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitter's {@link RoutingContext} to the thread that runs the task, and restores
 * the worker's own context afterwards, also when the task throws, so nothing leaks into the next
 * task of a pooled thread. Spring Boot composes it with the application's other task decorators
 * on the executors it auto-configures (and so on {@code @Async} methods).
 */
public final class RoutingContextTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		RoutingContext captured = RoutingContextHolder.capture();
		return () -> {
			RoutingContext previous = RoutingContextHolder.get();
			RoutingContextHolder.set(captured);
			try {
				runnable.run();
			}
			finally {
				RoutingContextHolder.set(previous);
			}
		};
	}

}
