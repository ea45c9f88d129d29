package dev.tether.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.tether.sql.SqlClassification;
import dev.tether.sql.SqlClassifier;
import dev.tether.sql.SqlKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SQL classification throughput on typical ORM statements: cold (every statement lexed) and
 * cached (repeated statements, as an application sends them), for the PostgreSQL and the MySQL /
 * MariaDB dialects of the same lexer; and, cached, both questions a routed statement asks (its kind
 * and whether the guards refuse it as unbounded DML) in two lookups or in one
 * ({@link SqlClassifier#classification(String)}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifierBenchmark {

	private static final String[] STATEMENTS = {
			"select p1_0.id,p1_0.category,p1_0.name,p1_0.price,p1_0.stock,p1_0.version from product p1_0 where p1_0.id=?",
			"select p1_0.id,p1_0.name from product p1_0 where p1_0.category=? order by p1_0.id fetch first ? rows only",
			"update product set category=?,name=?,price=?,stock=?,version=? where id=? and version=?",
			"insert into product (category,name,price,stock,version,id) values (?,?,?,?,?,?)",
			"select o1_0.id,o1_0.status from orders o1_0 where o1_0.id=? for no key update",
			"/* load dev.tether.Order */ select o1_0.id, o1_0.total from orders o1_0 where o1_0.customer_id = ? and o1_0.created_at > ? -- recent",
			"with recent as (select id from orders where created_at > now() - interval '1 day') select count(*) from recent",
			"delete from cart_item where cart_id=?" };

	/** What Hibernate's MySQL / MariaDB dialects and JdbcTemplate code send, of the same lengths. */
	private static final String[] MYSQL_STATEMENTS = {
			"select p1_0.id,p1_0.category,p1_0.name,p1_0.price,p1_0.stock,p1_0.version from product p1_0 where p1_0.id=?",
			"select p1_0.id,p1_0.name from product p1_0 where p1_0.category=? order by p1_0.id limit ?,?",
			"update product set category=?,name=?,price=?,stock=?,version=? where id=? and version=?",
			"insert into product (category,name,price,stock,version,id) values (?,?,?,?,?,?) on duplicate key update stock=values(stock)",
			"select o1_0.id,o1_0.status from orders o1_0 where o1_0.id=? lock in share mode",
			"/* load dev.tether.Order */ select `o1_0`.`id`, `o1_0`.`total` from `orders` `o1_0` where `o1_0`.`customer_id` = ? # recent",
			"select count(*) from orders where created_at > now() - interval 1 day and note <> 'it\\'s \"quoted\"'",
			"delete from cart_item where cart_id=?" };

	private final SqlClassifier cold = SqlClassifier.postgres();

	private final SqlClassifier cached = SqlClassifier.caching(SqlClassifier.postgres(), 4096);

	private final SqlClassifier coldMysql = SqlClassifier.mysql();

	private final SqlClassifier cachedMysql = SqlClassifier.caching(SqlClassifier.mysql(), 4096);

	private int next;

	@Benchmark
	public SqlKind cold() {
		return this.cold.classify(STATEMENTS[this.next++ & 7]);
	}

	@Benchmark
	public SqlKind cached() {
		return this.cached.classify(STATEMENTS[this.next++ & 7]);
	}

	@Benchmark
	public SqlKind coldMysql() {
		return this.coldMysql.classify(MYSQL_STATEMENTS[this.next++ & 7]);
	}

	@Benchmark
	public SqlKind cachedMysql() {
		return this.cachedMysql.classify(MYSQL_STATEMENTS[this.next++ & 7]);
	}

	/** Kind and unbounded-DML answer in two cache lookups, as two separate questions. */
	@Benchmark
	public int cachedKindThenDml() {
		String sql = STATEMENTS[this.next++ & 7];
		SqlKind kind = this.cached.classify(sql);
		return kind.ordinal() + (this.cached.isUnboundedDml(sql) ? 4 : 0);
	}

	/** Kind and unbounded-DML answer in one cache lookup. */
	@Benchmark
	public int cachedClassification() {
		SqlClassification classification = this.cached.classification(STATEMENTS[this.next++ & 7]);
		return classification.kind().ordinal() + (classification.isUnboundedDml() ? 4 : 0);
	}

}
