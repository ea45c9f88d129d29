package dev.tether.compat.slices;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "compat_note")
class Note {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String body;

	protected Note() {
	}

	Note(String body) {
		this.body = body;
	}

	Long getId() {
		return this.id;
	}

	String getBody() {
		return this.body;
	}

}
