package dev.tether.compat.slices;

import javax.sql.DataSource;

import dev.tether.routing.web.CausalTokenFilter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WebMvcTest}: no DataSource, and none of Tether's auto-configurations (the slice does not
 * list them; they would back off without a DataSource anyway), so the controller test runs as
 * without the starter.
 */
@WebMvcTest(PingController.class)
class WebMvcSliceTests {

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private MockMvcTester mvc;

	@Test
	void theControllerAnswersWithoutADataSourceOrAnyTetherBean() {
		assertThat(this.mvc.get().uri("/ping")).hasStatusOk().hasBodyTextEqualTo("pong");
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(CausalTokenFilter.class)).isEmpty();
		var evaluated = ConditionEvaluationReport.get(this.context.getBeanFactory()).getConditionAndOutcomesBySource();
		assertThat(evaluated.keySet()).noneMatch((source) -> source.startsWith("dev.tether."));
	}

}
