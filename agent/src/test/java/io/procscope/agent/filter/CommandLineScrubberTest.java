package io.procscope.agent.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Real-world command lines and what leaves the host of them. */
class CommandLineScrubberTest {

    private final CommandLineScrubber scrubber = CommandLineScrubber.defaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # command line                                                                  | scrubbed
            mysqld --user=mysql --password=hunter2 --port=3306                              | mysqld --user=mysql --password=******** --port=3306
            mysql -u root --password hunter2 -h db                                          | mysql -u root --password ******** -h db
            app --db-password=s3cr3t --db-user=app                                          | app --db-password=******** --db-user=app
            app --DB_PASSWORD=s3cr3t                                                        | app --DB_PASSWORD=********
            env PGPASSWORD=pw psql -h db                                                    | env PGPASSWORD=******** psql -h db
            env MYSQL_PWD=pw mysql                                                          | env MYSQL_PWD=******** mysql
            java -Djavax.net.ssl.keyStorePassword=changeit -jar app.jar                     | java -Djavax.net.ssl.keyStorePassword=******** -jar app.jar
            psql postgres://app:s3cr3t@db.internal:5432/orders                              | psql postgres://app:********@db.internal:5432/orders
            redis-cli -u redis://:topsecret@cache:6379/0                                    | redis-cli -u redis://:********@cache:6379/0
            git clone https://user:ghp_abc123@github.example/org/repo.git                   | git clone https://user:********@github.example/org/repo.git
            curl https://example.org/path@v1                                                | curl https://example.org/path@v1
            curl http://user@example.org/                                                   | curl http://user@example.org/
            aws s3 ls --access_token abc --region eu-west-1                                 | aws s3 ls --access_token ******** --region eu-west-1
            svc --auth_token=abc --api_key=def --apikey ghi                                 | svc --auth_token=******** --api_key=******** --apikey ********
            vault server -client-secret=xyz                                                 | vault server -client-secret=********
            gcloud --credentials /run/creds.json auth                                       | gcloud --credentials ******** auth
            pay --stripeToken=tok_123                                                       | pay --stripeToken=********
            run --SECRET-KEY=k                                                              | run --SECRET-KEY=********
            tool --password --verbose                                                       | tool --password --verbose
            tool --password=                                                                | tool --password=
            jdbc-tool jdbc:mysql://db/app?user=a&password=pw&ssl=true                       | jdbc-tool jdbc:mysql://db/app?user=a&password=********&ssl=true
            nginx: worker process                                                           | nginx: worker process
            /usr/sbin/sshd -D -o PasswordAuthentication=no                                  | /usr/sbin/sshd -D -o PasswordAuthentication=********
            postgres: 15/main: app_user appdb 10.0.0.17(52344) idle                         | postgres: 15/main: app_user appdb 10.0.0.17(52344) idle
            # key names with -, _ or nothing between their words, any case, = or a space
            app --apikey=a --api-key=b --api_key=c --ApiKey=d --API-KEY e                   | app --apikey=******** --api-key=******** --api_key=******** --ApiKey=******** --API-KEY ********
            app --access-token x --accessToken=y --ACCESS_TOKEN z                           | app --access-token ******** --accessToken=******** --ACCESS_TOKEN ********
            app --token x --token=y -token z                                                | app --token ******** --token=******** -token ********
            app --password 'two words' --password="two words"                               | app --password '********' --password="********"
            # headers
            curl -H 'Authorization: Bearer abc' https://x                                   | curl -H 'Authorization: Bearer ********' https://x
            curl -H "X-Api-Key: abc" https://x                                              | curl -H "X-Api-Key: ********" https://x
            curl -H Authorization: Basic dXNlcjpwdw== https://x                             | curl -H Authorization: Basic ******** https://x
            # per program
            curl -u user:pw https://x                                                       | curl -u user:******** https://x
            mysql -u root -pPASS db                                                         | mysql -u root -p******** db
            mysql -u root -p db                                                             | mysql -u root -p db
            psql -h db -p 5432 app                                                          | psql -h db -p 5432 app
            openssl rsa -in k.pem -passin pass:X -passout env:VAR                           | openssl rsa -in k.pem -passin pass:******** -passout env:VAR
            # environment assignments
            env GITHUB_TOKEN=a APP_SECRET=b DB_PASSWORD=c STRIPE_KEY=d PATH=/bin cmd        | env GITHUB_TOKEN=******** APP_SECRET=******** DB_PASSWORD=******** STRIPE_KEY=******** PATH=/bin cmd
            # URL queries and user information
            curl https://x/a?token=t&access_token=u&sig=v&X-Amz-Signature=w&page=2         | curl https://x/a?token=********&access_token=********&sig=********&X-Amz-Signature=********&page=2
            psql postgres://u:pw@db/x?password=p&sslmode=require                            | psql postgres://u:********@db/x?password=********&sslmode=require
            # references to a secret are not the secret
            app --password-file=/run/secrets/x --password-stdin --no-password               | app --password-file=/run/secrets/x --password-stdin --no-password
            """)
    void masksSecretsInRealCommandLines(String commandLine, String scrubbed) {
        assertThat(scrubber.scrub(commandLine, ' ')).isEqualTo(scrubbed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # arguments separated by NUL as in /proc/PID/cmdline, shown here with ^         | scrubbed
            mysqld^--password=two words^--port=1                                            | mysqld --password=******** --port=1
            app^--token-file^/run/t                                                         | app --token-file /run/t
            sh^-c^PGPASSWORD=pw psql -h db                                                  | sh -c PGPASSWORD=******** psql -h db
            app^--password^two words^-v                                                     | app --password ******** -v
            curl^-H^Authorization: Bearer a b^https://x                                     | curl -H Authorization: Bearer ******** https://x
            curl^-H^X-Api-Key: abc^-u^user:two words^https://x                              | curl -H X-Api-Key: ******** -u user:******** https://x
            sh^-c^curl -u user:pw https://x && mysql -pPASS db                              | sh -c curl -u user:******** https://x && mysql -p******** db
            sleep^--api-key^sk-live-xyz^PGPASSWORD=pg^https://u:pw@db/x?token=abc           | sleep --api-key ******** PGPASSWORD=******** https://u:********@db/x?token=********
            """)
    void masksWholeArgumentsOfTheRawCommandLine(String arguments, String scrubbed) {
        assertThat(scrubber.scrub(arguments.replace('^', '\0'), '\0')).isEqualTo(scrubbed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            app --token-file=/run/t --bearer-token=abc       | app --token-file=/run/t --bearer-token=********
            app --session-key abc                            | app --session-key ********
            app --sessionkey=abc                             | app --sessionkey=abc
            app --session_key=abc --session.key abc          | app --session_key=******** --session.key ********
            app --consul-token=abc --CONSUL_TOKEN abc        | app --consul-token=******** --CONSUL_TOKEN ********
            """)
    void masksCustomWordsWithWildcards(String commandLine, String scrubbed) {
        CommandLineScrubber custom =
                new CommandLineScrubber(true, List.of("bearer*", "session-*", "consul_token"), false);

        assertThat(custom.scrub(commandLine, ' ')).isEqualTo(scrubbed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /usr/bin/java -jar app.jar --password=x       | /usr/bin/java
            nginx: worker process                         | nginx:
            """)
    void dropsEveryArgumentWhenAsked(String commandLine, String scrubbed) {
        CommandLineScrubber drop = new CommandLineScrubber(true, List.of(), true);

        assertThat(drop.scrub(commandLine, ' ')).isEqualTo(scrubbed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mysqld --password=hunter2
            """)
    void leavesCommandLinesAloneWhenOff(String commandLine) {
        assertThat(CommandLineScrubber.OFF.scrub(commandLine, ' ')).isEqualTo(commandLine);
    }

    /** 32 KiB, as long as a command line the agent reads (the kernel's page for it is 4 KiB+). */
    private static final int PATHOLOGICAL_LENGTH = 32 * 1024;

    static Stream<String> pathologicalLines() {
        int n = PATHOLOGICAL_LENGTH;
        Random random = new Random(42);
        String alphabet = "=:/'\"?&#,;@%- aPk";
        StringBuilder noise = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            noise.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return Stream.of(
                        "--password=" + "a".repeat(n),
                        "a=".repeat(n / 2),
                        "'".repeat(n),
                        "\"".repeat(n),
                        "' ".repeat(n / 2),
                        "\"a ".repeat(n / 3),
                        "'=".repeat(n / 2),
                        "://".repeat(n / 3),
                        "a:b@".repeat(n / 4),
                        "-".repeat(n) + "=x",
                        "a".repeat(n) + "=x",
                        "a-".repeat(n / 2) + "password=x",
                        "\"a\":".repeat(n / 4),
                        "\"password\":\"".repeat(n / 12),
                        "--password ".repeat(n / 11),
                        "Authorization: ".repeat(n / 15),
                        "x?token=&".repeat(n / 9),
                        ",a=".repeat(n / 3),
                        "sqlplus " + "a/".repeat(n / 2),
                        "curl -u " + ":".repeat(n),
                        "mysql " + "-p".repeat(n / 2),
                        "IDENTIFIED BY ".repeat(n / 14),
                        "2>&1 ".repeat(n / 5),
                        "x" + ";".repeat(n),
                        "'".repeat(n / 2) + "\"".repeat(n / 2),
                        "a='b=\"c=".repeat(n / 7),
                        noise.toString())
                .map(l -> l.substring(0, Math.min(l.length(), n + 16)));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("pathologicalLines")
    void scrubsPathologicalLinesInLinearTime(String line) {
        List<CommandLineScrubber> scrubbers =
                List.of(scrubber, new CommandLineScrubber(true, List.of("*a*b*c*", "p*w*d"), false));
        for (CommandLineScrubber s : scrubbers) {
            for (char separator : new char[] {' ', '\0'}) {
                String input = separator == ' ' ? line : line.replace(' ', '\0');
                long best = Long.MAX_VALUE;
                // the first runs warm the JIT up, as the agent's loop has long done when it meets one;
                // the best of five, as a machine shared with builds deschedules a run now and then
                for (int run = -3; run < 5; run++) {
                    long t0 = System.nanoTime();
                    String out = s.scrub(input, separator);
                    best = run < 0 ? best : Math.min(best, System.nanoTime() - t0);
                    assertThat(out).isNotNull();
                }
                // quadratic work on 32 KiB would take seconds; linear takes well under a millisecond
                assertThat(TimeUnit.NANOSECONDS.toMillis(best))
                        .as("best of 5 scrubs of %d characters, separator %d", input.length(), (int) separator)
                        .isLessThan(50);
            }
        }
    }
}
