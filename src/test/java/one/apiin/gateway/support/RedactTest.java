package one.apiin.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactTest {

    @Test
    void keysOfEveryKindAreTakenOut() {
        assertThat(Redact.keys("Invalid API key aio_secretkey123")).isEqualTo("Invalid API key aio_[redacted]");
        assertThat(Redact.keys("key 'gk_AbC-d_e9' revoked; AIO_X1 too")).isEqualTo(
                "key 'gk_[redacted]' revoked; AIO_[redacted] too");
        assertThat(Redact.keys("sent Authorization: Bearer sk-live.123, then")).isEqualTo(
                "sent Authorization: Bearer [redacted], then");
        assertThat(Redact.keys("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln expired"))
                .isEqualTo("token [redacted] expired");
    }

    @Test
    void textWithoutKeysIsUnchanged() {
        assertThat(Redact.keys("Send your API in One key (aio_…) as 'Authorization: Bearer …'"))
                .isEqualTo("Send your API in One key (aio_…) as 'Authorization: Bearer …'");
        assertThat(Redact.keys("a radio_show and a big_cat")).isEqualTo("a radio_show and a big_cat");
        assertThat(Redact.keys(null)).isNull();
    }
}
