package dev.tether.compat.slices;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface NoteRepository extends JpaRepository<Note, Long> {

	/** Which node answers: {@code true} on a replica. */
	@Query(value = "select pg_is_in_recovery()", nativeQuery = true)
	boolean onReplica();

}
