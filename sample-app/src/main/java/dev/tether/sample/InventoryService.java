package dev.tether.sample;

import java.util.List;
import java.util.NoSuchElementException;

import dev.tether.annotation.ForceMaster;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The inventory's use cases, each showing where Tether routes it. */
@Service
public class InventoryService {

	private final ProductRepository products;

	private final JdbcTemplate jdbc;

	InventoryService(ProductRepository products, JdbcTemplate jdbc) {
		this.products = products;
		this.jdbc = jdbc;
	}

	/** A read-only transaction: runs on the replica. */
	@Transactional(readOnly = true)
	public Listing list(String category) {
		return new Listing(this.products.findTop20ByCategoryOrderById(category), NodeInfo.of(this.jdbc));
	}

	/** A read-write transaction: runs on the primary. */
	@Transactional
	public Change addStock(long id, int delta) {
		Product product = this.products.findById(id).orElseThrow(() -> new NoSuchElementException("No product " + id));
		product.addStock(delta);
		this.products.flush();
		return new Change(product.getId(), product.getStock(), NodeInfo.of(this.jdbc));
	}

	/**
	 * A read-only transaction on the replica; when the request carries a causal token of an
	 * earlier write the replica has not replayed yet, it runs on the primary instead.
	 */
	@Transactional(readOnly = true)
	public Change stock(long id) {
		Product product = this.products.findById(id).orElseThrow(() -> new NoSuchElementException("No product " + id));
		return new Change(product.getId(), product.getStock(), NodeInfo.of(this.jdbc));
	}

	/** A read that must see the latest commit: {@code @ForceMaster} sends it to the primary. */
	@ForceMaster
	@Transactional(readOnly = true)
	public Change freshStock(long id) {
		Product product = this.products.findById(id).orElseThrow(() -> new NoSuchElementException("No product " + id));
		return new Change(product.getId(), product.getStock(), NodeInfo.of(this.jdbc));
	}

	/** A bug on purpose: a write in a read-only transaction, refused by Tether before it is sent. */
	@Transactional(readOnly = true)
	public int misplacedWrite(long id) {
		return this.jdbc.update("update product set stock = 0 where id = ?", id);
	}

	/** Products with the node that served them. */
	public record Listing(List<Product> products, NodeInfo servedBy) {

	}

	/** A product's stock and the node that served it. */
	public record Change(long id, int stock, NodeInfo servedBy) {

	}

}
