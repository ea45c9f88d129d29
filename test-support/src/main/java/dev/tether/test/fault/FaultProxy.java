package dev.tether.test.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback, in the test's own JVM, that puts network faults between a client and
 * a server: a {@linkplain #blackhole(Direction) hang} (sockets stay open, nothing is forwarded, as
 * in a partition without a reset), {@linkplain #latency(Direction, Duration) added latency}, a
 * {@linkplain #resetAll() reset} of every connection, a close after a number of bytes, and a cut at
 * a given protocol message ({@link #cutAt(Direction, byte[], Cut)}), for example right after a
 * {@code COMMIT} reached the server and before its answer reaches the client. Faults apply per
 * direction and to open and new connections alike; {@link #heal()} lifts them.
 * <p>
 * Written here rather than taken from a library: Toxiproxy, which the AWS JDBC wrapper's suite
 * puts in front of its databases, is a Go server run in a container (its Java artifact is only
 * a client), and no maintained Java library on Maven Central proxies in process. Blocking sockets
 * and two threads per connection keep it simple; tests open a handful of connections.
 * <pre>
 * try (FaultProxy proxy = FaultProxy.start("127.0.0.1", replica.port())) {
 *     String url = proxy.rewrite(replica.jdbcUrl());
 *     proxy.blackhole(Direction.DOWNSTREAM);   // reads through url now hang
 * }
 * </pre>
 */
public final class FaultProxy implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FaultProxy.class);

	private static final AtomicInteger ids = new AtomicInteger();

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final Faults upstream = new Faults();

	private final Faults downstream = new Faults();

	private volatile boolean refuse;

	private volatile boolean closed;

	private final AtomicInteger accepted = new AtomicInteger();

	private FaultProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread acceptor = new Thread(this::accept, "fault-proxy-" + ids.incrementAndGet() + "-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy on a free loopback port that forwards to a server.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 * @return the running proxy, without faults
	 */
	public static FaultProxy start(String targetHost, int targetPort) {
		try {
			return new FaultProxy(targetHost, targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open a loopback port for the fault proxy", ex);
		}
	}

	/**
	 * Returns the port clients connect to.
	 * @return the proxy's port on 127.0.0.1
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Rewrites a JDBC URL of the server so that it goes through the proxy.
	 * @param jdbcUrl a URL naming the server's {@code host:port}
	 * @return the same URL with the proxy's {@code 127.0.0.1:port} instead
	 */
	public String rewrite(String jdbcUrl) {
		String target = this.targetHost + ":" + this.targetPort;
		if (!jdbcUrl.contains(target)) {
			throw new IllegalArgumentException("The URL " + jdbcUrl + " does not name " + target + ", the proxy's target");
		}
		return jdbcUrl.replace(target, "127.0.0.1:" + port());
	}

	/**
	 * Stops forwarding in one direction: bytes are held, sockets stay open, and a client waiting
	 * for an answer waits until its own timeout (or until {@link #heal()}, which delivers them).
	 * @param direction the direction to hang
	 * @return this proxy
	 */
	public FaultProxy blackhole(Direction direction) {
		faults(direction).blackhole = true;
		return this;
	}

	/**
	 * Delays every chunk of bytes in one direction.
	 * @param direction the direction to slow down
	 * @param delay the delay per chunk
	 * @return this proxy
	 */
	public FaultProxy latency(Direction direction, Duration delay) {
		faults(direction).latencyMillis = delay.toMillis();
		return this;
	}

	/**
	 * Closes every connection after a number of bytes in one direction (counted per connection).
	 * @param direction the direction to count
	 * @param bytes bytes forwarded before the close
	 * @return this proxy
	 */
	public FaultProxy closeAfter(Direction direction, long bytes) {
		faults(direction).closeAfterBytes = bytes;
		return this;
	}

	/**
	 * Cuts a connection at the first chunk in one direction that contains a byte pattern, such as
	 * the text of a statement in the database's protocol message.
	 * @param direction the direction to watch
	 * @param pattern the bytes to look for
	 * @param cut whether the chunk reaches the server before the cut, or is held by a partition
	 * @return this proxy
	 */
	public FaultProxy cutAt(Direction direction, byte[] pattern, Cut cut) {
		Faults faults = faults(direction);
		faults.cut = cut;
		faults.cutPattern = pattern.clone();
		return this;
	}

	/**
	 * Accepts new connections and closes them at once (a server that refuses), or stops doing so.
	 * @param refuse whether new connections are refused
	 * @return this proxy
	 */
	public FaultProxy refuseNewConnections(boolean refuse) {
		this.refuse = refuse;
		return this;
	}

	/** Resets every open connection (an RST to both sides), as a crashed host or a firewall would. */
	public void resetAll() {
		for (Link link : this.links) {
			link.reset();
		}
	}

	/** Lifts every fault; bytes held by a blackhole are delivered. */
	public void heal() {
		for (Faults faults : new Faults[] { this.upstream, this.downstream }) {
			faults.latencyMillis = 0;
			faults.closeAfterBytes = -1;
			faults.cutPattern = null;
			synchronized (faults) {
				faults.blackhole = false;
				faults.notifyAll();
			}
		}
		this.refuse = false;
	}

	/**
	 * Returns the connections open through the proxy.
	 * @return the number of open client connections
	 */
	public int openConnections() {
		return this.links.size();
	}

	/**
	 * Returns the connections accepted since the proxy started.
	 * @return the count
	 */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/** Stops the proxy and closes every connection through it. */
	@Override
	public void close() {
		this.closed = true;
		heal();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		for (Link link : this.links) {
			link.close();
		}
	}

	private Faults faults(Direction direction) {
		return (direction == Direction.UPSTREAM) ? this.upstream : this.downstream;
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("Fault proxy on port {} stopped accepting: {}", port(), ex.toString());
				}
				return;
			}
			this.accepted.incrementAndGet();
			if (this.refuse) {
				Link.quietly(client::close);
				continue;
			}
			try {
				Socket server = new Socket(this.targetHost, this.targetPort);
				Link link = new Link(client, server);
				this.links.add(link);
				link.start();
			}
			catch (IOException ex) {
				// the server itself refuses: so does the proxy
				Link.quietly(client::close);
			}
		}
	}

	/** How a {@link #cutAt cut} treats the chunk that matched. */
	public enum Cut {

		/** The chunk is dropped: the server never sees it (a statement that was never sent). */
		BEFORE,

		/**
		 * The chunk reaches the server, then both sides are cut: the server acts on it and its
		 * answer is lost (a {@code COMMIT} whose outcome the client cannot know).
		 */
		AFTER,

		/**
		 * The chunk is held and the direction is {@linkplain #blackhole(Direction) blackholed} from
		 * it on, for every connection: a partition that begins exactly at the message. Nothing is
		 * closed; {@link #heal()} delivers the chunk and what followed, if the connection is still
		 * open, so a {@code COMMIT} held this way may still commit long after the client gave up.
		 */
		HOLD

	}

	/** The faults of one direction, read by the pumps of every connection. */
	private static final class Faults {

		volatile boolean blackhole;

		volatile long latencyMillis;

		volatile long closeAfterBytes = -1;

		volatile byte[] cutPattern;

		volatile Cut cut = Cut.BEFORE;

		/** Waits while the direction is blackholed; returns false if the link closed meanwhile. */
		boolean awaitForwarding(Link link) throws InterruptedException {
			synchronized (this) {
				while (this.blackhole && !link.closed) {
					this.wait(50);
				}
			}
			return !link.closed;
		}

	}

	/** One client connection and its connection to the server, with a pump per direction. */
	private final class Link {

		private final Socket client;

		private final Socket server;

		private volatile boolean closed;

		/** Set when a cut lets a message through: nothing more is forwarded in either direction. */
		private volatile boolean cutting;

		Link(Socket client, Socket server) throws SocketException {
			this.client = client;
			this.server = server;
			client.setTcpNoDelay(true);
			server.setTcpNoDelay(true);
		}

		void start() throws IOException {
			pump(this.client.getInputStream(), this.server, FaultProxy.this.upstream, "up");
			pump(this.server.getInputStream(), this.client, FaultProxy.this.downstream, "down");
		}

		private void pump(InputStream in, Socket to, Faults faults, String name) throws IOException {
			OutputStream out = to.getOutputStream();
			Thread thread = new Thread(() -> forward(in, out, to, faults), "fault-proxy-" + port() + "-" + name);
			thread.setDaemon(true);
			thread.start();
		}

		private void forward(InputStream in, OutputStream out, Socket to, Faults faults) {
			byte[] buffer = new byte[16384];
			long forwarded = 0;
			try {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (!faults.awaitForwarding(this)) {
						return;
					}
					long latency = faults.latencyMillis;
					if (latency > 0) {
						Thread.sleep(latency);
					}
					if (this.cutting) {
						// the other direction cut the connection at a message: its answer is lost
						return;
					}
					byte[] pattern = faults.cutPattern;
					if (pattern != null && contains(buffer, read, pattern)) {
						faults.cutPattern = null;
						if (faults.cut == Cut.HOLD) {
							// a partition that begins at the message: it and everything after it wait
							faults.blackhole = true;
							if (!faults.awaitForwarding(this) || this.cutting) {
								return;
							}
							out.write(buffer, 0, read);
							out.flush();
							forwarded += read;
							continue;
						}
						if (faults.cut == Cut.AFTER) {
							// stop the answer first (the server answers within microseconds on loopback),
							// then deliver the message and close that side gracefully, so the data
							// precedes the FIN and an RST cannot discard it unread
							this.cutting = true;
							out.write(buffer, 0, read);
							out.flush();
							closeGracefully(to);
						}
						reset();
						return;
					}
					long limit = faults.closeAfterBytes;
					if (limit >= 0 && forwarded + read > limit) {
						out.write(buffer, 0, (int) (limit - forwarded));
						out.flush();
						close();
						return;
					}
					out.write(buffer, 0, read);
					out.flush();
					forwarded += read;
				}
			}
			catch (IOException ex) {
				// one side went away: so does the other
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				close();
			}
		}

		void reset() {
			if (!this.client.isClosed()) {
				quietly(() -> this.client.setSoLinger(true, 0));
			}
			if (!this.server.isClosed()) {
				quietly(() -> this.server.setSoLinger(true, 0));
			}
			close();
		}

		private void closeGracefully(Socket socket) {
			quietly(socket::shutdownOutput);
			quietly(socket::close);
		}

		void close() {
			this.closed = true;
			quietly(this.client::close);
			quietly(this.server::close);
			FaultProxy.this.links.remove(this);
		}

		static void quietly(IoAction action) {
			try {
				action.run();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

		private static boolean contains(byte[] buffer, int length, byte[] pattern) {
			outer: for (int i = 0; i + pattern.length <= length; i++) {
				for (int j = 0; j < pattern.length; j++) {
					if (buffer[i + j] != pattern[j]) {
						continue outer;
					}
				}
				return true;
			}
			return false;
		}

	}

	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

}
