package dev.tether.routing.app;

import java.util.concurrent.CompletableFuture;

import dev.tether.annotation.ForceMaster;
import dev.tether.routing.RoutingContextHolder;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** A small application with JPA, JdbcTemplate and @Async, run against the real primary and replica. */
@SpringBootApplication
@EnableAsync
public class RoutingTestApplication {

	/** Which node answered, and on which backend: asked of the database. */
	public record Node(boolean replica, int backendPid) {

		public static Node of(JdbcTemplate jdbc) {
			return jdbc.queryForObject("select pg_is_in_recovery(), pg_backend_pid()",
					(rs, i) -> new Node(rs.getBoolean(1), rs.getInt(2)));
		}

	}

	@Service
	public static class NodeService {

		private final JdbcTemplate jdbc;

		private final InnerService inner;

		NodeService(JdbcTemplate jdbc, InnerService inner) {
			this.jdbc = jdbc;
			this.inner = inner;
		}

		@Transactional(readOnly = true)
		public Node readOnly() {
			return Node.of(this.jdbc);
		}

		@Transactional
		public Node readWrite() {
			return Node.of(this.jdbc);
		}

		@ForceMaster
		@Transactional(readOnly = true)
		public Node forcedReadOnly() {
			return Node.of(this.jdbc);
		}

		/** Every statement of one read-only transaction: the same node and backend each time. */
		@Transactional(readOnly = true)
		public java.util.List<Node> manyStatements(int count) {
			java.util.List<Node> nodes = new java.util.ArrayList<>();
			for (int i = 0; i < count; i++) {
				nodes.add(Node.of(this.jdbc));
			}
			return nodes;
		}

		@Transactional(readOnly = true)
		public int writeInReadOnly() {
			return this.jdbc.update("update routing_item set name = 'changed' where id = 1");
		}

		@Transactional(readOnly = true)
		public String lockInReadOnly() {
			Node.of(this.jdbc);
			return this.jdbc.queryForObject("select name from routing_item where id = 1 for update", String.class);
		}

		@Transactional(readOnly = true)
		public void plainStatementWriteInReadOnly() {
			this.jdbc.execute("delete from routing_item where id = 1");
		}

		@Transactional(readOnly = true)
		public Boolean plainStatementReadInReadOnly() {
			return this.jdbc.queryForObject("select pg_is_in_recovery()", Boolean.class);
		}

		/** Outer read-only transaction with a read-write REQUIRES_NEW inside: each on its own node. */
		@Transactional(readOnly = true)
		public Node[] readOnlyAroundRequiresNew() {
			Node outerBefore = Node.of(this.jdbc);
			Node inner = this.inner.requiresNewWrite();
			Node outerAfter = Node.of(this.jdbc);
			return new Node[] { outerBefore, inner, outerAfter };
		}

		@ForceMaster
		public Node[] forceMasterAroundNested() {
			Node nested = this.inner.forcedNested();
			Node afterNested = this.inner.readOnly();
			return new Node[] { nested, afterNested };
		}

		@ForceMaster
		public CompletableFuture<Node> forceMasterThenAsync() {
			return this.inner.asyncReadOnly();
		}

		public CompletableFuture<Node> asyncWithoutForceMaster() {
			return this.inner.asyncReadOnly();
		}

	}

	@Service
	public static class InnerService {

		private final JdbcTemplate jdbc;

		InnerService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(propagation = Propagation.REQUIRES_NEW)
		public Node requiresNewWrite() {
			this.jdbc.update("update routing_item set name = name where id = 1");
			return Node.of(this.jdbc);
		}

		@ForceMaster
		@Transactional(readOnly = true)
		public Node forcedNested() {
			return Node.of(this.jdbc);
		}

		@Transactional(readOnly = true)
		public Node readOnly() {
			return Node.of(this.jdbc);
		}

		@Async
		@Transactional(readOnly = true)
		public CompletableFuture<Node> asyncReadOnly() {
			return CompletableFuture.completedFuture(Node.of(this.jdbc));
		}

	}

	@Service
	public static class SoakService {

		private final JdbcTemplate jdbc;

		SoakService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional(readOnly = true)
		public Node readOnly(long id) {
			this.jdbc.queryForObject("select value from routing_soak where id = ?", Long.class, id);
			return Node.of(this.jdbc);
		}

		@Transactional
		public Node increment(long id) {
			this.jdbc.update("update routing_soak set value = value + 1 where id = ?", id);
			return Node.of(this.jdbc);
		}

		@Transactional
		public Node lockThenIncrement(long id) {
			this.jdbc.queryForObject("select value from routing_soak where id = ? for update", Long.class, id);
			this.jdbc.update("update routing_soak set value = value + 1 where id = ?", id);
			return Node.of(this.jdbc);
		}

		@ForceMaster
		@Transactional(readOnly = true)
		public Node forcedRead(long id) {
			this.jdbc.queryForObject("select value from routing_soak where id = ?", Long.class, id);
			return Node.of(this.jdbc);
		}

		/** A write as the first statement of a read-only transaction: refused before any routing decision. */
		@Transactional(readOnly = true)
		public void misplacedWrite(long id) {
			this.jdbc.update("update routing_soak set value = -1 where id = ?", id);
		}

	}

	@Service
	public static class LeakProbe {

		@ForceMaster
		public boolean forced() {
			return RoutingContextHolder.current().isForceMaster();
		}

		@ForceMaster
		public boolean forcedAndThrow() {
			throw new IllegalStateException("fails inside @ForceMaster");
		}

	}

}
