package dev.tether.sample;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which node answered, asked of the database itself.
 *
 * @param node {@code replica} or {@code primary}
 * @param port the server's port
 */
public record NodeInfo(String node, int port) {

	static NodeInfo of(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select pg_is_in_recovery(), inet_server_port()",
				(rs, i) -> new NodeInfo(rs.getBoolean(1) ? "replica" : "primary", rs.getInt(2)));
	}

}
