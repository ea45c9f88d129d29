package dev.tether.benchmarks;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
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

	/**
	 * Cold classification of two builds compared on a busy machine, where JMH's wall-clock figures
	 * swing by more than the difference: both builds' classifiers in one JVM (each jar in its own
	 * class loader), run on the same statements in alternating 250 ms slices of thread CPU time, which
	 * other processes do not inflate; prints the median ratio of the pairs, second jar over first.
	 * <pre>
	 * java -cp benchmarks.jar 'dev.tether.benchmarks.ClassifierBenchmark$Slices' before.jar after.jar [pairs]
	 * </pre>
	 */
	public static final class Slices {

		private static final long SLICE_NANOS = 250_000_000L;

		private Slices() {
		}

		/**
		 * Runs the comparison for both dialects.
		 * @param args the first and the second benchmarks jar, and optionally the number of pairs (30)
		 * @throws Exception if a jar cannot be loaded
		 */
		public static void main(String[] args) throws Exception {
			int pairs = (args.length > 2) ? Integer.parseInt(args[2]) : 30;
			Method first = driver(Path.of(args[0]));
			Method second = driver(Path.of(args[1]));
			for (boolean mysql : new boolean[] { false, true }) {
				String[] statements = mysql ? MYSQL_STATEMENTS : STATEMENTS;
				for (int i = 0; i < 10; i++) { // warm-up
					first.invoke(null, statements, mysql, SLICE_NANOS);
					second.invoke(null, statements, mysql, SLICE_NANOS);
				}
				double[] ratios = new double[pairs];
				for (int i = 0; i < pairs; i++) {
					boolean firstFirst = (i & 1) == 0; // alternate which one runs first
					long a = firstFirst ? (long) first.invoke(null, statements, mysql, SLICE_NANOS) : 0;
					long b = (long) second.invoke(null, statements, mysql, SLICE_NANOS);
					if (!firstFirst) {
						a = (long) first.invoke(null, statements, mysql, SLICE_NANOS);
					}
					ratios[i] = (double) b / a;
				}
				Arrays.sort(ratios);
				System.out.printf("%s cold: second/first median %.3f (quartiles %.3f..%.3f) over %d pairs%n",
						mysql ? "MySQL" : "PostgreSQL", ratios[pairs / 2], ratios[pairs / 4], ratios[3 * pairs / 4], pairs);
			}
		}

		/** {@link SliceDriver#slice} defined in a class loader of its own over the jar. */
		private static Method driver(Path jar) throws Exception {
			String name = SliceDriver.class.getName();
			byte[] bytes;
			try (InputStream in = Slices.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
				bytes = in.readAllBytes();
			}
			ClassLoader classes = new URLClassLoader(new URL[] { jar.toUri().toURL() }, ClassLoader.getPlatformClassLoader());
			ClassLoader loader = new ClassLoader(classes) {

				@Override
				protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
					if (!className.equals(name)) {
						return super.loadClass(className, resolve);
					}
					synchronized (getClassLoadingLock(className)) {
						Class<?> loaded = findLoadedClass(className);
						return (loaded != null) ? loaded : defineClass(className, bytes, 0, bytes.length);
					}
				}

			};
			return loader.loadClass(name).getMethod("slice", String[].class, boolean.class, long.class);
		}

	}

	/** The loop {@link Slices} runs in each jar's class loader: it sees that jar's classifier. */
	public static final class SliceDriver {

		private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

		private static int sink;

		private SliceDriver() {
		}

		/**
		 * Classifies the statements in turn for {@code cpuNanos} of this thread's CPU time.
		 * @param statements eight statements
		 * @param mysql whether to use the MySQL dialect
		 * @param cpuNanos the thread CPU time to run for
		 * @return the number of statements classified
		 */
		public static long slice(String[] statements, boolean mysql, long cpuNanos) {
			SqlClassifier classifier = mysql ? SqlClassifier.mysql() : SqlClassifier.postgres();
			long end = THREADS.getCurrentThreadCpuTime() + cpuNanos;
			long count = 0;
			int kinds = 0;
			while (THREADS.getCurrentThreadCpuTime() < end) {
				for (int i = 0; i < 4096; i++) {
					kinds += classifier.classify(statements[i & 7]).ordinal();
				}
				count += 4096;
			}
			sink += kinds;
			return count;
		}

	}

}
