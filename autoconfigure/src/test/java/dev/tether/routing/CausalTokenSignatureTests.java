package dev.tether.routing;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CausalTokenSignatureTests {

	private static final String OLD = "old-key-0123456789abcdefghijklmnopqrstuvwxyz";

	private static final String NEW = "new-key-0123456789abcdefghijklmnopqrstuvwxyz";

	@Test
	void aSignedTokenVerifiesAndGivesBackItsPayload() {
		CausalTokenSignature signature = CausalTokenSignature.of(List.of(NEW));
		String token = signature.sign("1.2a");
		assertThat(token).startsWith("1.2a.").hasSize("1.2a.".length() + 22);
		assertThat(signature.verify(token)).isEqualTo("1.2a");
	}

	@Test
	void aChangedPositionOrAnotherKeysMacDoesNotVerify() {
		CausalTokenSignature signature = CausalTokenSignature.of(List.of(NEW));
		String token = signature.sign("1.2a");
		String mac = token.substring("1.2a.".length());
		assertThat(signature.verify("1.ffffffff." + mac)).isNull();
		assertThat(signature.verify(CausalTokenSignature.of(List.of(OLD)).sign("1.2a"))).isNull();
		assertThat(signature.verify("1.2a")).isNull();
		assertThat(signature.verify("1.2a.not*base64")).isNull();
		assertThat(signature.verify(".")).isNull();
	}

	@Test
	void keysRotateWithoutDowntime() {
		String issuedBeforeRotation = CausalTokenSignature.of(List.of(OLD)).sign("1.10");
		CausalTokenSignature duringRotation = CausalTokenSignature.of(List.of(NEW, OLD));
		assertThat(duringRotation.verify(issuedBeforeRotation)).as("old tokens still accepted").isEqualTo("1.10");
		String issuedDuringRotation = duringRotation.sign("1.11");
		assertThat(CausalTokenSignature.of(List.of(OLD, NEW)).verify(issuedDuringRotation))
			.as("instances not yet rolled over accept the new key's tokens").isEqualTo("1.11");
		assertThat(CausalTokenSignature.of(List.of(NEW)).verify(issuedBeforeRotation)).as("old key removed").isNull();
	}

	@Test
	void noKeysMeansUnsignedTokens() {
		assertThat(CausalTokenSignature.of(List.of())).isNull();
		assertThat(CausalTokenSignature.of(null)).isNull();
	}

}
