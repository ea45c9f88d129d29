package dev.tether.actuate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialMaskerTests {

	@Test
	void aPasswordIsMaskedWholeAndAMissingOneStaysMissing() {
		assertThat(CredentialMasker.maskPassword("s3cret")).isEqualTo("******");
		assertThat(CredentialMasker.maskPassword(null)).isNull();
	}

	@Test
	void aUrlWithoutCredentialsIsLeftAlone() {
		String url = "jdbc:postgresql://replica-1.internal:5432/app?ssl=true&ApplicationName=orders";
		assertThat(CredentialMasker.maskUrl(url)).isEqualTo(url);
	}

	@Test
	void thePasswordInTheUserInfoIsMaskedAndTheUserAndHostKept() {
		assertThat(CredentialMasker.maskUrl("jdbc:postgresql://app:s3cret@replica-1:5432/app"))
			.isEqualTo("jdbc:postgresql://app:******@replica-1:5432/app");
	}

	@Test
	void aPasswordHoldingAtSignsAndSlashesIsMaskedToTheLastAtSign() {
		assertThat(CredentialMasker.maskUrl("jdbc:mysql://app:p@ss/w@rd@db:3306/app?useSSL=true"))
			.isEqualTo("jdbc:mysql://app:******@db:3306/app?useSSL=true");
	}

	@Test
	void aUserWithoutPasswordIsLeftAlone() {
		assertThat(CredentialMasker.maskUrl("jdbc:postgresql://app@replica-1/app"))
			.isEqualTo("jdbc:postgresql://app@replica-1/app");
	}

	@Test
	void passwordLikeQueryParametersAreMasked() {
		assertThat(CredentialMasker.maskUrl(
				"jdbc:postgresql://replica-1/app?user=app&password=s3cret&sslpassword=k3y&ssl=true&token=abc#x"))
			.isEqualTo("jdbc:postgresql://replica-1/app?user=app&password=******&sslpassword=******&ssl=true&token=******#x");
	}

	@Test
	void semicolonSeparatedPropertiesAreMaskedWhateverTheirCase() {
		assertThat(CredentialMasker.maskUrl("jdbc:sqlserver://db:1433;databaseName=app;user=app;Password=s3cret;encrypt=true"))
			.isEqualTo("jdbc:sqlserver://db:1433;databaseName=app;user=app;Password=******;encrypt=true");
	}

	@Test
	void oracleThinCredentialsAreMasked() {
		assertThat(CredentialMasker.maskUrl("jdbc:oracle:thin:scott/tiger@//db:1521/orcl"))
			.isEqualTo("jdbc:oracle:thin:scott/******@//db:1521/orcl");
	}

	@Test
	void noUrlIsNoUrl() {
		assertThat(CredentialMasker.maskUrl(null)).isNull();
	}

}
