package dev.tether.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on {@code 127.0.0.1} for the embedded database fixtures, each handed out at most
 * once per JVM. One set for every fixture kind: the operating system offers a closed port again, and
 * with a set per kind a PostgreSQL and a MariaDB or MySQL cluster of one JVM could be given the same
 * port. Support code of {@code tether-test}, not an API.
 */
public final class Ports {

	private static final Set<Integer> handedOut = new HashSet<>();

	private Ports() {
	}

	/**
	 * A port that is free now and was not handed out before in this JVM.
	 * @return the port
	 * @throws UncheckedIOException if no socket can be bound
	 * @throws IllegalStateException if the system offers only ports handed out already
	 */
	public static int free() {
		for (int attempt = 0; attempt < 100; attempt++) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
				int port = socket.getLocalPort();
				synchronized (handedOut) {
					if (handedOut.add(port)) {
						return port;
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not find a free port", ex);
			}
		}
		throw new IllegalStateException("Could not find a free port not handed out already");
	}

}
