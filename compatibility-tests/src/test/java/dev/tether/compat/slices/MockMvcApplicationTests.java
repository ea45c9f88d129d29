package dev.tether.compat.slices;

import javax.sql.DataSource;

import dev.tether.compat.Databases;
import dev.tether.routing.CausalTokens;
import dev.tether.routing.TetherDataSource;
import dev.tether.routing.web.CausalTokenFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SpringBootTest} with MockMvc: the whole application, Tether included - the DataSource
 * is routed, MockMvc runs the request through Tether's causal-token filter, a read-only request
 * reads on the replica and a request that carries a write's token reads that write.
 */
@SpringBootTest
@AutoConfigureMockMvc
class MockMvcApplicationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Databases.register(registry);
	}

	@BeforeAll
	static void schema() {
		Databases.execute(SliceApplication.SCHEMA);
		Databases.awaitReplica();
	}

	@Autowired
	private DataSource dataSource;

	@Autowired
	private CausalTokenFilter filter;

	@Autowired
	private MockMvcTester mvc;

	@Test
	void aWriteReturnsItsTokenAndAReadWithTheTokenSeesTheWrite() throws Exception {
		assertThat(this.dataSource).isInstanceOf(TetherDataSource.class);
		MvcTestResult created = this.mvc.post().uri("/notes").content("first").exchange();
		assertThat(created).hasStatusOk();
		String token = created.getResponse().getHeader(CausalTokens.HEADER);
		assertThat(token).as("the write's causal token").isNotBlank();
		String id = created.getResponse().getContentAsString();
		assertThat(this.mvc.get().uri("/notes/" + id).header(CausalTokens.HEADER, token))
			.hasStatusOk().bodyText().startsWith("first from ");
	}

	@Test
	void mockMvcRunsTheRequestThroughTethersFilter() {
		assertThat(this.filter).isNotNull();
		assertThat(this.mvc.get().uri("/notes/session")).hasStatusOk().hasBodyTextEqualTo("request");
	}

	@Test
	void aReadOnlyRequestReadsOnTheReplica() throws Exception {
		MvcTestResult created = this.mvc.post().uri("/notes").content("second").exchange();
		Databases.awaitReplica();
		assertThat(this.mvc.get().uri("/notes/" + created.getResponse().getContentAsString()))
			.hasStatusOk().hasBodyTextEqualTo("second from replica");
	}

}
