package dev.tether.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-your-writes across requests: {@code POST /products/{id}/stock} answers with a
 * {@code Tether-Causal-Token} header (tether.routing.causal-token.response-header=true); sending
 * it back with {@code GET /products/{id}} reads the write, from the replica once it has replayed
 * it, from the primary until then. Without the header the read runs on the replica as it is.
 */
@RestController
class ProductController {

	private final InventoryService inventory;

	ProductController(InventoryService inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/products/{id}")
	InventoryService.Change product(@PathVariable long id) {
		return this.inventory.stock(id);
	}

}
