package dev.tether.routing.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A versioned row the routing tests read and write through JPA. */
@Entity
@Table(name = "routing_item")
public class Item {

	@Id
	Long id;

	public String name;

	@Version
	Long version;

	Item() {
	}

	public Item(Long id, String name) {
		this.id = id;
		this.name = name;
	}

}
