package dev.rollgate.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real HTTP servers answering /version the way the demo app does, and in JSON. */
class VersionCheckTest {

    final VersionCheck check = new VersionCheck(Clock.systemUTC());
    final List<TestServer> servers = new CopyOnWriteArrayList<>();

    TestServer serving(String... bodies) throws Exception {
        TestServer s = new TestServer().answerInTurn("/version", bodies);
        servers.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    @Test
    void bareVersionsWithATrailingNewlineMatch() throws Exception {
        TestServer a = serving("v2\n");
        TestServer b = serving("v2");

        VersionCheckResult r = check.verify(List.of(a.base(), b.base()), "v2", 3);

        assertThat(r.verified()).isTrue();
        assertThat(r.summary()).isEqualTo("2 bases answered v2 (3 samples each)");
        assertThat(r.samples()).hasSize(6);
        assertThat(a.requests).containsOnly("GET /version").hasSize(3);
    }

    @Test
    void aJsonBodyWithAVersionFieldMatches() throws Exception {
        TestServer a = serving("{\"service\":\"payments-api\",\"version\":\"1.4.2\",\"commit\":\"abc123\"}");

        VersionCheckResult r = check.verify(List.of(a.base()), "1.4.2", 1);

        assertThat(r.verified()).isTrue();
        assertThat(r.summary()).isEqualTo("1 base answered 1.4.2");
    }

    @Test
    void aBaseServingTheOldVersionIsNamed() throws Exception {
        TestServer fresh = serving("v2\n");
        TestServer stale = serving("v1\n");

        VersionCheckResult r = check.verify(List.of(fresh.base(), stale.base()), "v2", 2);

        assertThat(r.verified()).isFalse();
        assertThat(r.summary()).isEqualTo("expected v2, but " + stale.base() + "/version answered v1");
    }

    @Test
    void aRouterSpreadingOverOldAndNewShowsTheMix() throws Exception {
        TestServer router = serving("v2\n", "v1\n", "v2\n", "v2\n");

        VersionCheckResult r = check.verify(List.of(router.base()), "v2", 4);

        assertThat(r.verified()).isFalse();
        assertThat(r.summary()).isEqualTo("expected v2, but " + router.base() + "/version answered v2 ×3, v1 ×1");
    }

    @Test
    void unreachableAndWrongAnswersAreProblemsNotVersions() throws Exception {
        URI down = TestServer.refusingAddress();
        TestServer missing = new TestServer().answer("/version", 404, "not found");
        servers.add(missing);

        VersionCheckResult r = check.verify(List.of(down, missing.base()), "v2", 1);

        assertThat(r.verified()).isFalse();
        assertThat(r.summary()).isEqualTo("expected v2, but " + down + "/version: connection refused; "
                + missing.base() + "/version: status 404");
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.version()).isEmpty());
    }

    @Test
    void parsesTheShapesTheDemoAppAndOthersAnswer() {
        assertThat(VersionCheck.parse("v2\n")).contains("v2");
        assertThat(VersionCheck.parse("  2.0.1  \r\n")).contains("2.0.1");
        assertThat(VersionCheck.parse("{ \"version\": \"v3\" }")).contains("v3");
        assertThat(VersionCheck.parse("{ \"name\": \"x\" }")).isEmpty();
        assertThat(VersionCheck.parse("")).isEmpty();
        assertThat(VersionCheck.parse("{ broken")).isEmpty();
    }
}
