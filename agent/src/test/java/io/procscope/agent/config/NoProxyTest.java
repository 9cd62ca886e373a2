package io.procscope.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoProxyTest {

    @ParameterizedTest(name = "NO_PROXY={0}: {1}:{2} direct={3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*                          | api.example.com        | 443  | true",
                "example.com                | example.com            | 443  | true",
                "example.com                | api.example.com        | 443  | true",
                "example.com                | API.Example.COM.       | 443  | true",
                "example.com                | notexample.com         | 443  | false",
                ".example.com               | api.example.com        | 443  | true",
                ".example.com               | example.com            | 443  | true",
                "*.example.com              | a.b.example.com        | 443  | true",
                "svc.cluster.local          | procscope-api.procscope.svc.cluster.local | 8443 | true",
                "api.example.com:8443       | api.example.com        | 8443 | true",
                "api.example.com:8443       | api.example.com        | 443  | false",
                "10.1.2.3                   | 10.1.2.3               | 443  | true",
                "10.1.2.3                   | 10.1.2.30              | 443  | false",
                "10.0.0.0/8                 | 10.200.0.7             | 443  | true",
                "10.0.0.0/8                 | 11.0.0.1               | 443  | false",
                "10.0.0.0/8                 | ten.example.com        | 443  | false",
                "127.0.0.0/8                | 127.0.0.1              | 8080 | true",
                "fd00::/8                   | [fd12::1]              | 443  | true",
                "::1                        | [::1]                  | 443  | true",
                "[::1]:8443                 | ::1                    | 8443 | true",
                "'other.org, example.com'   | example.com            | 443  | true",
                "other.org                  | example.com            | 443  | false",
                "''                         | example.com            | 443  | false",
            })
    void matchesAsCurlAndGoReadNoProxy(String noProxy, String host, int port, boolean direct) {
        assertThat(NoProxy.parse(noProxy).matches(host, port)).isEqualTo(direct);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/33", "10.0.0.0/x", "api:99999", "[::1"})
    void rejectsABadCidrBlockOrPortNamingIt(String entry) {
        assertThatThrownBy(() -> NoProxy.parse(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }

    @ParameterizedTest
    @CsvSource({"999.1.1.1", "not-an-ip"})
    void neverLooksANameUpToMatchIt(String host) {
        // a name is compared as text: nothing resolves it (no DNS from the config path)
        assertThat(NoProxy.ipLiteral(host)).isNull();
    }
}
