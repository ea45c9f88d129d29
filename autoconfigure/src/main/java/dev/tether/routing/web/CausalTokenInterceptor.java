package dev.tether.routing.web;

import java.io.IOException;

import dev.tether.routing.CausalTokens;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the current session's token with outgoing requests, so the called service reads what
 * this one wrote: {@code RestClient.builder().requestInterceptor(causalTokenInterceptor)}.
 */
public class CausalTokenInterceptor implements ClientHttpRequestInterceptor {

	private final CausalTokens tokens;

	/**
	 * Creates the interceptor.
	 * @param tokens the token support of the application's router
	 */
	public CausalTokenInterceptor(CausalTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String token = this.tokens.current();
		if (token != null && !request.getHeaders().containsHeader(CausalTokens.HEADER)) {
			request.getHeaders().set(CausalTokens.HEADER, token);
		}
		return execution.execute(request, body);
	}

}
