package dev.tether.sample;

import java.net.URI;

import dev.tether.retry.RetryExhaustedException;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Orders that cannot be placed are answered 409 with an RFC 9457 problem, never 500: sold out
 * (the client asked for more than is left), or a write conflict that Tether stopped retrying (the
 * client may repeat the request after a moment, hence {@code Retry-After}).
 */
@RestControllerAdvice
class OrderProblems {

	@ExceptionHandler(SoldOutException.class)
	ProblemDetail soldOut(SoldOutException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(URI.create("urn:tether-sample:sold-out"));
		problem.setTitle("Sold out");
		problem.setProperty("productId", ex.getProductId());
		problem.setProperty("left", ex.getLeft());
		return problem;
	}

	@ExceptionHandler(RetryExhaustedException.class)
	ResponseEntity<ProblemDetail> retriesStopped(RetryExhaustedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setType(URI.create("urn:tether-sample:write-conflict"));
		problem.setTitle("Write conflict");
		problem.setProperty("reason", ex.getReason().tagValue());
		problem.setProperty("attempts", ex.getAttempts());
		if (ex.getTarget() != null) {
			problem.setProperty("entity", ex.getTarget().type());
			problem.setProperty("id", String.valueOf(ex.getTarget().id()));
		}
		return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	/** A conflict outside any retry boundary: still the client's cue to repeat, not a server error. */
	@ExceptionHandler(ConcurrencyFailureException.class)
	ResponseEntity<ProblemDetail> conflict(ConcurrencyFailureException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Another request changed the same data at the same time; repeat the request.");
		problem.setType(URI.create("urn:tether-sample:write-conflict"));
		problem.setTitle("Write conflict");
		return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

}
