package dev.tether.routing.web;

import dev.tether.routing.CausalTokens;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Returns the request's causal token in the {@value CausalTokens#HEADER} response header when
 * the request wrote, so that a client (or another instance behind a load balancer) can send it
 * with the next request and read its own write. Applies to responses written by
 * {@code @ResponseBody} handlers and {@code ResponseEntity} bodies: the header must be set before
 * the body commits the response, which a servlet filter cannot do without buffering it.
 */
@ControllerAdvice
public class CausalTokenResponseAdvice implements ResponseBodyAdvice<Object> {

	private final CausalTokens tokens;

	/**
	 * Creates the advice.
	 * @param tokens the token support of the application's router
	 */
	public CausalTokenResponseAdvice(CausalTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		String token = this.tokens.current();
		if (token != null) {
			response.getHeaders().set(CausalTokens.HEADER, token);
		}
		return body;
	}

}
