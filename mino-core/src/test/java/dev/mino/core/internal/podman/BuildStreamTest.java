package dev.mino.core.internal.podman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mino.core.ImageBuildException;
import dev.mino.core.PodmanException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "12c73b89a61e703143b033e47a31d76e02f1edbee71d3cd2c0a1c86747e0bcb1";

    private final List<String> progress = new ArrayList<>();
    private final BuildStream stream = new BuildStream("build image localhost/x:latest", progress::add);

    private void feed(String... messages) throws IOException {
        for (String message : messages) {
            stream.accept(JSON.readTree(message));
        }
    }

    @Test
    void passesEachLineOnAndReturnsTheIdOnTheLastLine() throws IOException {
        // As Podman 4.3.1 sent it for a two-step build.
        feed("{\"stream\":\"STEP 1/2: FROM localhost/mino-test-busybox:latest\\n\"}",
            "{\"stream\":\"STEP 2/2: RUN echo built \\u003e /built\\n\"}",
            "{\"stream\":\"COMMIT localhost/x:latest\\n\"}",
            "{\"stream\":\"--\\u003e 12c73b89a61\\n\"}",
            "{\"stream\":\"Successfully tagged localhost/x:latest\\n\"}",
            "{\"stream\":\"" + ID + "\\n\"}");

        assertEquals(ID, stream.finish());
        assertEquals(List.of("STEP 1/2: FROM localhost/mino-test-busybox:latest", "STEP 2/2: RUN echo built > /built",
            "COMMIT localhost/x:latest", "--> 12c73b89a61", "Successfully tagged localhost/x:latest", ID), progress);
    }

    @Test
    void joinsLinesSplitAcrossMessagesAndSplitsMessagesHoldingSeveralLines() throws IOException {
        feed("{\"stream\":\"one\\ntw\"}", "{\"stream\":\"o\\r\\nthr\"}", "{\"stream\":\"ee\"}",
            "{\"stream\":\"\\n" + ID.substring(0, 10) + "\"}", "{\"stream\":\"" + ID.substring(10) + "\"}");

        assertEquals(ID, stream.finish());
        assertEquals(List.of("one", "two", "three", ID), progress);
    }

    @Test
    void takesAnAuxIdLikeDockerSendsIt() throws IOException {
        feed("{\"stream\":\"Successfully built 12c73b89a61e\\n\"}", "{\"aux\":{\"ID\":\"sha256:" + ID + "\"}}");

        assertEquals(ID, stream.finish());
    }

    @Test
    void anErrorInsideTheStreamBecomesAnImageBuildExceptionWithTheOutput() throws IOException {
        feed("{\"stream\":\"STEP 1/2: FROM localhost/mino-test-busybox:latest\\n\"}",
            "{\"stream\":\"STEP 2/2: RUN echo oops; exit 3\\n\"}",
            "{\"stream\":\"oops\\n\"}",
            "{\"errorDetail\":{\"message\":\"building at STEP \\\"RUN echo oops; exit 3\\\": while running runtime: "
                + "exit status 3\\n\"},\"error\":\"building at STEP \\\"RUN echo oops; exit 3\\\": while running "
                + "runtime: exit status 3\\n\"}");

        ImageBuildException e = assertThrows(ImageBuildException.class, stream::finish);
        assertEquals("build image localhost/x:latest failed: building at STEP \"RUN echo oops; exit 3\": "
            + "while running runtime: exit status 3", e.getMessage());
        assertEquals(List.of("STEP 1/2: FROM localhost/mino-test-busybox:latest", "STEP 2/2: RUN echo oops; exit 3",
            "oops"), e.lastOutput());
        assertEquals(200, e.status());
        assertTrue(e instanceof PodmanException);
        assertTrue(!e.hint().isEmpty());
    }

    @Test
    void anErrorWithoutDetailCountsToo() throws IOException {
        // The shape pull uses, and an id-like line before it must not win over the error.
        feed("{\"stream\":\"" + ID + "\\n\"}", "{\"error\":\"something broke\"}");

        ImageBuildException e = assertThrows(ImageBuildException.class, stream::finish);
        assertTrue(e.getMessage().endsWith("failed: something broke"), e.getMessage());
    }

    @Test
    void aFailureKeepsOnlyTheLastFiftyLines() throws IOException {
        for (int i = 1; i <= 120; i++) {
            feed("{\"stream\":\"line " + i + "\\n\"}");
        }
        feed("{\"error\":\"exit status 3\"}");

        ImageBuildException e = assertThrows(ImageBuildException.class, stream::finish);
        assertEquals(BuildStream.KEPT_LINES, e.lastOutput().size());
        assertEquals("line 71", e.lastOutput().get(0));
        assertEquals("line 120", e.lastOutput().get(49));
        assertEquals(120, progress.size());
    }

    @Test
    void aStreamThatEndsWithoutAnIdIsAFailure() throws IOException {
        feed("{\"stream\":\"STEP 1/2: FROM localhost/mino-test-busybox:latest\\n\"}");

        ImageBuildException e = assertThrows(ImageBuildException.class, stream::finish);
        assertTrue(e.getMessage().contains("without reporting an image id"), e.getMessage());
        assertEquals(List.of("STEP 1/2: FROM localhost/mino-test-busybox:latest"), e.lastOutput());
    }

    @Test
    void aShortHexLineIsNotAnId() throws IOException {
        feed("{\"stream\":\"--\\u003e 12c73b89a61\\n\"}");

        assertThrows(ImageBuildException.class, stream::finish);
    }
}
