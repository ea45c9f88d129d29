package dev.tether.unversioned;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity without a @Version field: its concurrent updates could be lost silently. */
@Entity
@Table(name = "retry_unversioned_note")
public class Note {

	@Id
	Long id;

	String text;

}
