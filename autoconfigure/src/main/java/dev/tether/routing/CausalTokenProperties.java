package dev.tether.routing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Causal tokens over HTTP ({@code tether.routing.causal-token.*}): whether requests may carry
 * one, whether responses return one, and the keys that sign them.
 */
@ConfigurationProperties("tether.routing.causal-token")
public class CausalTokenProperties implements Validator {

	/** Shortest key accepted: an HMAC-SHA256 key should hold at least 256 bits. */
	static final int MIN_KEY_LENGTH = 32;

	/**
	 * Whether a request's Tether-Causal-Token header seeds its read-your-writes session. Turn it
	 * off where callers are not trusted and no signing key is set, and open sessions with
	 * CausalTokens.open where the application knows the token is genuine.
	 */
	private boolean header = true;

	/**
	 * Whether a response of a request that wrote carries the request's token in the
	 * Tether-Causal-Token header, for a client to send with its next request.
	 */
	private boolean responseHeader;

	/**
	 * Keys that sign tokens (HMAC-SHA256): the first signs, every one verifies, so a new key is
	 * rolled out second, then first, then the old one removed. When set, a token no key signed is
	 * ignored. Empty: tokens are unsigned.
	 */
	private List<String> signingKeys = new ArrayList<>();

	public boolean isHeader() {
		return this.header;
	}

	public void setHeader(boolean header) {
		this.header = header;
	}

	public boolean isResponseHeader() {
		return this.responseHeader;
	}

	public void setResponseHeader(boolean responseHeader) {
		this.responseHeader = responseHeader;
	}

	public List<String> getSigningKeys() {
		return this.signingKeys;
	}

	public void setSigningKeys(List<String> signingKeys) {
		this.signingKeys = signingKeys;
	}

	@Override
	public boolean supports(Class<?> type) {
		return CausalTokenProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		List<String> keys = ((CausalTokenProperties) target).getSigningKeys();
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			int length = (key != null) ? key.length() : 0;
			if (length < MIN_KEY_LENGTH) {
				// the key itself is never part of the message
				errors.reject("tether.routing.causal-token.signing-keys", "tether.routing.causal-token.signing-keys[" + i
						+ "] is " + length + " characters long: use at least " + MIN_KEY_LENGTH
						+ " random characters (for example the output of 'openssl rand -base64 32')");
			}
		}
	}

}
