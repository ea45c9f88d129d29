package dev.tether.sample;

import java.math.BigDecimal;
import java.util.Map;

import dev.tether.batch.BulkResult;
import dev.tether.batch.BulkUpdater;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reprices a whole category with Tether's bulk API: many short transactions on the primary
 * instead of one that locks every row of the category until it commits. Progress shows in the log
 * and in the {@code tether.batch.*} meters.
 */
@RestController
class RepricingController {

	private final BulkUpdater bulk;

	RepricingController(BulkUpdater bulk) {
		this.bulk = bulk;
	}

	@PostMapping("/products/reprice")
	Map<String, Object> reprice(@RequestParam String category, @RequestParam BigDecimal factor) {
		BulkResult result = this.bulk.update("product")
			// a BigDecimal prints as digits, a sign and a point only: safe inside the SET fragment
			.set("price = round(price * " + factor.toPlainString() + ", 2), version = version + 1")
			.where("category = ?", category)
			.execute();
		return Map.of("rows", result.rows(), "chunks", result.chunks(), "millis", result.elapsed().toMillis(),
				"pauses", result.pauses());
	}

}
