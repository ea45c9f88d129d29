package dev.tether.routing.web;

import java.util.List;

import dev.tether.routing.CausalTokens;
import dev.tether.routing.TetherDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A caller cannot make up a token when tokens are signed, nor send one where the header is off. */
class CausalTokenSigningWebTests {

	private static final String KEY = "a-signing-key-of-at-least-32-characters!";

	// no database is reached: positions come from tokens, not from the primary
	private final TetherDataSource router = TetherDataSource
		.builder(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))
		.replica("r", new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"))
		.build();

	@AfterEach
	void close() {
		this.router.close();
	}

	@Test
	void aTokenSignedWithTheKeySeedsTheSessionAndIsSentOnSigned() throws Exception {
		CausalTokens tokens = new CausalTokens(this.router, List.of(KEY));
		// a genuine token, as another instance with the same key issued it
		String signed = signedBy(KEY, "1.2a");
		assertThat(signed).startsWith("1.2a.");
		assertThat(seenInRequest(tokens, new CausalTokenFilter(tokens), signed)).isEqualTo(signed);
		assertThat(tokens.rejected()).isZero();
	}

	@Test
	void anUnsignedOrForgedTokenIsIgnoredAndCounted() throws Exception {
		CausalTokens tokens = new CausalTokens(this.router, List.of(KEY));
		CausalTokenFilter filter = new CausalTokenFilter(tokens);
		assertThat(seenInRequest(tokens, filter, "1.ffffffffffff")).isNull();
		assertThat(seenInRequest(tokens, filter, signedBy("another-key-of-at-least-32-characters", "1.ff"))).isNull();
		assertThat(seenInRequest(tokens, filter, "1.2a." + "A".repeat(4000))).isNull();
		assertThat(tokens.rejected()).isEqualTo(3);
	}

	@Test
	void withTheHeaderOffRequestsStartEmptyWhateverTheCallerSends() throws Exception {
		CausalTokens tokens = new CausalTokens(this.router);
		assertThat(seenInRequest(tokens, new CausalTokenFilter(tokens, false), "1.2a")).isNull();
		assertThat(seenInRequest(tokens, new CausalTokenFilter(tokens, true), "1.2a")).isEqualTo("1.2a");
	}

	/** The token a handler sees as its request's own, given the header the caller sent. */
	private static String seenInRequest(CausalTokens tokens, CausalTokenFilter filter, String header) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader(CausalTokens.HEADER, header);
		String[] seen = new String[1];
		filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen[0] = tokens.current());
		return seen[0];
	}

	/** A token for a position, signed as an instance holding the key would sign it. */
	private String signedBy(String key, String unsigned) {
		try (var scope = new CausalTokens(this.router).open(unsigned)) {
			return new CausalTokens(this.router, List.of(key)).current();
		}
	}

}
