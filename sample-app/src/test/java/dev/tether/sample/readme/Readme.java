package dev.tether.sample.readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's README as a test reads it: its fenced code blocks, the commands in them, and the
 * answers shown beside or below each {@code curl}.
 */
final class Readme {

	private final List<String> lines;

	private Readme(List<String> lines) {
		this.lines = lines;
	}

	static Readme load() throws IOException {
		Path path = Path.of("..", "README.md");
		if (!Files.exists(path)) {
			path = Path.of("README.md");
		}
		return new Readme(Files.readAllLines(path));
	}

	String text() {
		return String.join("\n", this.lines);
	}

	/** The lines of every fenced code block between two headings (exclusive), in order. */
	List<List<String>> blocks(String fromHeading, String toHeading) {
		List<List<String>> blocks = new ArrayList<>();
		boolean inSection = false;
		List<String> block = null;
		for (String line : this.lines) {
			if (line.startsWith("#") && block == null) {
				if (line.equals(fromHeading)) {
					inSection = true;
					continue;
				}
				if (inSection && toHeading != null && line.equals(toHeading)) {
					break;
				}
			}
			if (!inSection) {
				continue;
			}
			if (line.startsWith("```")) {
				if (block == null) {
					block = new ArrayList<>();
				}
				else {
					blocks.add(block);
					block = null;
				}
			}
			else if (block != null) {
				block.add(line);
			}
		}
		return blocks;
	}

	/**
	 * The {@code curl} lines of a section with the answer written after {@code #} on the same
	 * line (possibly none).
	 */
	List<CommentedCurl> commentedCurls(String fromHeading, String toHeading) {
		List<CommentedCurl> curls = new ArrayList<>();
		for (List<String> block : blocks(fromHeading, toHeading)) {
			for (String line : block) {
				if (line.startsWith("curl ")) {
					int hash = line.indexOf(" # ");
					String command = (hash >= 0) ? line.substring(0, hash).trim() : line.trim();
					String answer = (hash >= 0) ? line.substring(hash + 3).trim() : "";
					curls.add(new CommentedCurl(Curl.parse(command), answer, line));
				}
			}
		}
		return curls;
	}

	/** The {@code $ curl} lines of a section, each with the output shown below it. */
	List<ShownCurl> shownCurls(String fromHeading, String toHeading) {
		List<ShownCurl> curls = new ArrayList<>();
		for (List<String> block : blocks(fromHeading, toHeading)) {
			Curl current = null;
			List<String> output = new ArrayList<>();
			for (String line : block) {
				if (line.startsWith("$ curl ")) {
					if (current != null) {
						curls.add(new ShownCurl(current, trimmed(output)));
					}
					current = Curl.parse(line.substring(2));
					output = new ArrayList<>();
				}
				else if (current != null) {
					output.add(line);
				}
			}
			if (current != null) {
				curls.add(new ShownCurl(current, trimmed(output)));
			}
		}
		return curls;
	}

	private static String trimmed(List<String> output) {
		return String.join("\n", output).strip();
	}

	/** A {@code curl} line and what the README says it answers. */
	record CommentedCurl(Curl curl, String answer, String line) {

	}

	/** A {@code $ curl} line and the output the README shows for it. */
	record ShownCurl(Curl curl, String output) {

	}

}
