package dev.mino.credentials.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GhHostsFileTest {

    @Test
    void readsTheTokenDirectlyUnderTheHost() {
        List<String> lines = List.of("github.com:", "    user: octocat", "    oauth_token: gho_abc", "    git_protocol: ssh");

        assertEquals(Optional.of("gho_abc"), GhHostsFile.token(lines, "github.com"));
        assertEquals(Optional.of("gho_abc"), GhHostsFile.token(lines, "GitHub.com"));
    }

    @Test
    void quotesCommentsAndCarriageReturnsAreHandled() {
        assertEquals(Optional.of("gho_q"), GhHostsFile.token(List.of("\"github.com\":", "  oauth_token: 'gho_q'"),
            "github.com"));
        assertEquals(Optional.of("gho_c"), GhHostsFile.token(List.of("github.com:", "  # a comment", "",
            "  oauth_token: gho_c # trailing"), "github.com"));
        assertEquals(Optional.of("gho_r"), GhHostsFile.token(List.of("github.com:\r", "  oauth_token: gho_r\r"),
            "github.com"));
    }

    @Test
    void ignoresOtherHostsNestedUsersAndEmptyValues() {
        List<String> lines = List.of(
            "ghe.example.com:",
            "    oauth_token: gho_other",
            "github.com:",
            "    users:",
            "        octocat:",
            "            oauth_token: gho_nested",
            "    oauth_token:",
            "    user: octocat");

        assertEquals(Optional.empty(), GhHostsFile.token(lines, "github.com"));
        assertEquals(Optional.of("gho_other"), GhHostsFile.token(lines, "ghe.example.com"));
        assertEquals(Optional.empty(), GhHostsFile.token(lines, "example.org"));
    }
}
