package io.procscope.agent.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            """)
    void masksWholeArgumentsOfTheRawCommandLine(String arguments, String scrubbed) {
        assertThat(scrubber.scrub(arguments.replace('^', '\0'), '\0')).isEqualTo(scrubbed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            app --token-file=/run/t --bearer-token=abc       | app --token-file=/run/t --bearer-token=********
            app --session-key abc                            | app --session-key ********
            app --sessionkey=abc                             | app --sessionkey=abc
            """)
    void masksCustomWordsWithWildcards(String commandLine, String scrubbed) {
        CommandLineScrubber custom = new CommandLineScrubber(true, List.of("bearer*", "session-*"), false);

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
}
