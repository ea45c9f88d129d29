package dev.tether.routing.web;

import java.net.URI;

import dev.tether.routing.CausalTokens;
import dev.tether.routing.RoutingContextHolder;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter gives each request a session seeded from the header; the interceptor sends the token on. */
class CausalTokenWebTests {

	// no database is reached: positions come from tokens, not from the primary
	private final TetherDataSource router = TetherDataSource
		.builder(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))
		.replica("r", new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))
		.build();

	private final CausalTokens tokens = new CausalTokens(this.router);

	@AfterEach
	void close() {
		this.router.close();
	}

	@Test
	void aRequestGetsItsOwnSessionSeededWithTheCallersTokenAndOutgoingCallsCarryIt() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/1");
		request.addHeader(CausalTokens.HEADER, "1.2a");
		String[] seenInside = new String[2];
		MockFilterChain chain = new MockFilterChain(new jakarta.servlet.http.HttpServlet() {

			@Override
			protected void service(jakarta.servlet.http.HttpServletRequest req,
					jakarta.servlet.http.HttpServletResponse res) {
				seenInside[0] = CausalTokenWebTests.this.tokens.current();
				MockClientHttpRequest outgoing = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://other/api"));
				try {
					new CausalTokenInterceptor(CausalTokenWebTests.this.tokens).intercept(outgoing, new byte[0],
							(sent, body) -> {
								seenInside[1] = sent.getHeaders().getFirst(CausalTokens.HEADER);
								return new MockClientHttpResponse(new byte[0], 200);
							});
				}
				catch (java.io.IOException ex) {
					throw new IllegalStateException(ex);
				}
			}

		});
		new CausalTokenFilter(this.tokens).doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(seenInside[0]).as("the request's session holds the caller's position").isEqualTo("1.2a");
		assertThat(seenInside[1]).as("an outgoing call carries it on").isEqualTo("1.2a");
		assertThat(RoutingContextHolder.current().getSession()).as("nothing left after the request").isNull();
	}

	@Test
	void aMalformedHeaderIsIgnored() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader(CausalTokens.HEADER, "'; drop table x");
		String[] seen = new String[1];
		new CausalTokenFilter(this.tokens).doFilter(request, new MockHttpServletResponse(),
				(req, res) -> seen[0] = this.tokens.current());
		assertThat(seen[0]).isNull();
	}

}
