package dev.tether.sample;

/** An order asked for more than the product's stock: the client's problem, answered with 409. */
public class SoldOutException extends RuntimeException {

	private final long productId;

	private final int left;

	SoldOutException(long productId, int requested, int left) {
		super("Only " + left + " of product " + productId + " left, " + requested + " requested");
		this.productId = productId;
		this.left = left;
	}

	public long getProductId() {
		return this.productId;
	}

	public int getLeft() {
		return this.left;
	}

}
