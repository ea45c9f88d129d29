package dev.tether.sample.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code curl} command of the README, as far as its examples use curl: the method
 * ({@code -X}), the URL on {@code localhost:8080}, and a pipeline of {@code jq} (a path, or
 * {@code -c}) or {@code grep -E}.
 *
 * @param method the HTTP method
 * @param path the path and query on the sample app
 * @param jqPath the {@code jq} path to apply, or {@code null}
 * @param grep the {@code grep -E} pattern to keep lines by, or {@code null}
 */
record Curl(String method, String path, String jqPath, Pattern grep) {

	private static final Pattern WORD = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)");

	static Curl parse(String command) {
		String[] stages = command.split("\\s\\|\\s");
		List<String> words = words(stages[0]);
		if (!words.get(0).equals("curl")) {
			throw new IllegalArgumentException("Not a curl command: " + command);
		}
		String method = "GET";
		String url = null;
		for (int i = 1; i < words.size(); i++) {
			String word = words.get(i);
			if (word.equals("-X")) {
				method = words.get(++i);
			}
			else if (word.equals("-o")) {
				i++;
			}
			else if (!word.startsWith("-")) {
				url = word;
			}
		}
		if (url == null || !url.startsWith("localhost:8080/")) {
			throw new IllegalArgumentException("The README's curl commands address localhost:8080: " + command);
		}
		String jqPath = null;
		Pattern grep = null;
		for (int i = 1; i < stages.length; i++) {
			List<String> stage = words(stages[i]);
			if (stage.get(0).equals("jq")) {
				for (String argument : stage.subList(1, stage.size())) {
					if (argument.startsWith(".")) {
						jqPath = argument;
					}
				}
			}
			else if (stage.get(0).equals("grep") && stage.size() == 3 && stage.get(1).equals("-E")) {
				grep = Pattern.compile(stage.get(2));
			}
			else {
				throw new IllegalArgumentException("Unsupported pipeline stage '" + stages[i] + "' in: " + command);
			}
		}
		return new Curl(method, url.substring("localhost:8080".length()), jqPath, grep);
	}

	private static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		Matcher matcher = WORD.matcher(text.trim());
		while (matcher.find()) {
			words.add((matcher.group(1) != null) ? matcher.group(1)
					: (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3));
		}
		return words;
	}

}
