package dev.tether.compat.slices;

import dev.tether.routing.CausalTokens;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Writes and reads notes; a read answers with the node that served it. */
@RestController
class NoteController {

	private final NoteService notes;

	private final CausalTokens tokens;

	NoteController(NoteService notes, CausalTokens tokens) {
		this.notes = notes;
		this.tokens = tokens;
	}

	@PostMapping("/notes")
	ResponseEntity<String> create(@RequestBody String body) {
		long id = this.notes.create(body);
		return ResponseEntity.ok().header(CausalTokens.HEADER, this.tokens.current()).body(Long.toString(id));
	}

	/** Whether the request runs in a read-your-writes session of its own, which Tether's filter opens. */
	@GetMapping("/notes/session")
	String session() {
		return (dev.tether.routing.RoutingContextHolder.current().getSession() != null) ? "request" : "thread";
	}

	@GetMapping("/notes/{id}")
	String read(@PathVariable long id) {
		return this.notes.read(id);
	}

	@org.springframework.stereotype.Service
	static class NoteService {

		private final NoteRepository repository;

		NoteService(NoteRepository repository) {
			this.repository = repository;
		}

		@Transactional
		long create(String body) {
			return this.repository.save(new Note(body)).getId();
		}

		/** The note's body and the node that read it. */
		@Transactional(readOnly = true)
		String read(long id) {
			String body = this.repository.findById(id).map(Note::getBody).orElse("<missing>");
			return body + " from " + (this.repository.onReplica() ? "replica" : "primary");
		}

	}

}
