package dev.tether.sample;

import java.util.Map;
import java.util.NoSuchElementException;

import dev.tether.routing.ReplicaMismatchException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** HTTP access to the inventory; every answer says which node served it. */
@RestController
class InventoryController {

	private final InventoryService inventory;

	private final OrderService orders;

	InventoryController(InventoryService inventory, OrderService orders) {
		this.inventory = inventory;
		this.orders = orders;
	}

	@PostMapping("/orders")
	OrderService.Placed placeOrder(@RequestParam long productId, @RequestParam(defaultValue = "1") int quantity) {
		return this.orders.place(productId, quantity);
	}

	@GetMapping("/products")
	InventoryService.Listing list(@RequestParam(defaultValue = "books") String category) {
		return this.inventory.list(category);
	}

	@PostMapping("/products/{id}/stock")
	InventoryService.Change addStock(@PathVariable long id, @RequestParam int delta) {
		return this.inventory.addStock(id, delta);
	}

	@GetMapping("/products/{id}/stock")
	InventoryService.Change freshStock(@PathVariable long id) {
		return this.inventory.freshStock(id);
	}

	@PostMapping("/products/{id}/misplaced-write")
	int misplacedWrite(@PathVariable long id) {
		return this.inventory.misplacedWrite(id);
	}

	@ExceptionHandler(ReplicaMismatchException.class)
	ResponseEntity<Map<String, String>> mismatch(ReplicaMismatchException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(IllegalStateException.class)
	ResponseEntity<Map<String, String>> conflict(IllegalStateException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(NoSuchElementException.class)
	ResponseEntity<Map<String, String>> notFound(NoSuchElementException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", ex.getMessage()));
	}

}
