package dev.tether.routing.web;

import java.io.IOException;

import dev.tether.routing.CausalTokens;
import dev.tether.routing.RoutingContextHolder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its own read-your-writes session, seeded with the caller's
 * {@value CausalTokens#HEADER} header, so reads see the request's own writes and those of the
 * service that called it, and nothing leaks into the next request on the same thread.
 */
public class CausalTokenFilter extends OncePerRequestFilter {

	private final CausalTokens tokens;

	private final boolean acceptHeader;

	/**
	 * Creates the filter.
	 * @param tokens the token support of the application's router
	 */
	public CausalTokenFilter(CausalTokens tokens) {
		this(tokens, true);
	}

	/**
	 * Creates the filter.
	 * @param tokens the token support of the application's router
	 * @param acceptHeader whether the caller's header seeds the session; when {@code false} every
	 * request starts with an empty session (its own writes are still seen)
	 */
	public CausalTokenFilter(CausalTokens tokens, boolean acceptHeader) {
		this.tokens = tokens;
		this.acceptHeader = acceptHeader;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = this.acceptHeader ? request.getHeader(CausalTokens.HEADER) : null;
		try (RoutingContextHolder.Scope scope = this.tokens.open(token)) {
			chain.doFilter(request, response);
		}
	}

}
