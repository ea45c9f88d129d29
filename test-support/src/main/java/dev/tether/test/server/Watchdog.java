package dev.tether.test.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code sh} child process that outlives a {@code kill -9} of this JVM: it polls the
 * JVM's pid every second and, once the JVM is gone, signals every server whose pid file
 * ({@code <work dir>/<node>/<pid file>}) names a live process working in the cluster's work
 * directory, kills what survives with its children, and deletes that directory. Support code of
 * {@code tether-test}, not an API.
 */
public final class Watchdog {

	private static final Logger logger = LoggerFactory.getLogger(Watchdog.class);

	// dash-compatible; the /proc scans use builtins only, so a scan costs no forks. Pids are
	// checked against their cwd (a data directory) before being signalled: never kill a recycled pid.
	private static final String SCRIPT = """
			trap 'exit 0' TERM
			trap '' INT HUP
			jvm=$1
			work=$2
			pidfile=$3
			signal=$4
			stat_of() {
			  read -r st 2>/dev/null < "/proc/$1/stat" || return 1
			  set -- ${st##*") "}
			  state=$1 ppid=$2 start=${20}
			}
			alive() {
			  stat_of "$1" || return 1
			  case $state in Z|X) return 1;; esac
			}
			owned() {
			  c=$(readlink "/proc/$1/cwd" 2>/dev/null) || return 1
			  case $c in "$work"|"$work"/*) return 0;; esac
			  return 1
			}
			# The start time guards against the JVM's pid being recycled.
			alive "$jvm" && jvmstart=$start
			while kill -0 "$jvm" 2>/dev/null && alive "$jvm" && [ "$start" = "$jvmstart" ]; do sleep 1; done
			trap '' TERM
			pms=""
			for f in "$work"/*/"$pidfile"; do
			  [ -f "$f" ] || continue
			  read -r p 2>/dev/null < "$f" || continue
			  case $p in ''|*[!0-9]*) continue;; esac
			  alive "$p" && owned "$p" && pms="$pms $p"
			done
			kids=""
			if [ -n "$pms" ]; then
			  for d in /proc/[0-9]*; do
			    stat_of "${d#/proc/}" || continue
			    for p in $pms; do [ "$ppid" = "$p" ] && kids="$kids ${d#/proc/}"; done
			  done
			fi
			# For PostgreSQL SIGQUIT: what pg_ctl stop -m immediate sends.
			for p in $pms; do kill -"$signal" "$p" 2>/dev/null; done
			i=0
			while [ $i -lt 50 ]; do
			  left=""
			  for p in $pms; do alive "$p" && left="$left $p"; done
			  [ -z "$left" ] && break
			  sleep 0.1
			  i=$((i+1))
			done
			for p in $pms $kids; do alive "$p" && owned "$p" && kill -KILL "$p" 2>/dev/null; done
			rm -rf "$work"
			""";

	private final Process process;

	private Watchdog(Process process) {
		this.process = process;
	}

	/**
	 * Starts a watchdog guarding {@code workDir} on behalf of this JVM.
	 * @param workDir the cluster's work directory, a real path; each node's data directory is a
	 * direct child of it and the server's working directory
	 * @param pidFile the name of the pid file in each data directory, for example
	 * {@code postmaster.pid}
	 * @param signal the signal that stops a server at once, for example {@code QUIT} or {@code KILL}
	 * @return the running watchdog
	 * @throws IOException if it cannot be started
	 */
	public static Watchdog start(Path workDir, String pidFile, String signal) throws IOException {
		Process process = new ProcessBuilder("sh", "-c", SCRIPT, "tether-watchdog",
				Long.toString(ProcessHandle.current().pid()), workDir.toString(), pidFile, signal)
			.directory(workDir.getParent().toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		logger.debug("Started watchdog (pid {}) for {}", process.pid(), workDir);
		return new Watchdog(process);
	}

	/**
	 * The watchdog's process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/** Ends the watchdog without it touching the cluster. */
	public void stop() {
		// TERM is trapped to a clean exit once the current 'sleep 1' returns; killing the
		// sleep makes that immediate and lets the shell reap it rather than leave an orphan.
		this.process.destroy();
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		try {
			if (!this.process.waitFor(2, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(2, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
