package dev.mino.core.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class AgentConnectionTest {
    private static final byte[] FAILURE = {0, 0, 0, 1, 5};
    private static final byte[] IDENTITIES_ANSWER = {0, 0, 0, 5, 12, 0, 0, 0, 0};

    /** Reads from fixed bytes, records what is written. */
    private static class Channel implements ByteChannel {
        final ByteBuffer input;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        Channel(byte[] input) {
            this.input = ByteBuffer.wrap(input);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!input.hasRemaining()) {
                return -1;
            }
            // A byte at a time: frames must be put together from partial reads.
            dst.put(input.get());
            return 1;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] bytes = new byte[n];
            src.get(bytes);
            written.write(bytes, 0, n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** An agent that answers every request with the next of its replies. */
    private static final class Agent extends Channel {
        private final Deque<byte[]> replies = new ArrayDeque<>();
        private ByteBuffer current = ByteBuffer.allocate(0);

        Agent(byte[]... replies) {
            super(new byte[0]);
            this.replies.addAll(java.util.List.of(replies));
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!current.hasRemaining()) {
                if (replies.isEmpty()) {
                    return -1;
                }
                current = ByteBuffer.wrap(replies.poll());
            }
            dst.put(current.get());
            return 1;
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    private static byte[] message(int type, int... body) {
        byte[] frame = new byte[5 + body.length];
        ByteBuffer.wrap(frame).putInt(1 + body.length).put((byte) type);
        for (int i = 0; i < body.length; i++) {
            frame[5 + i] = (byte) body[i];
        }
        return frame;
    }

    @Test
    void listingAndSigningReachTheAgentAndTheirRepliesComeBack() throws IOException {
        byte[] list = message(11);
        byte[] sign = message(13, 0, 0, 0, 0);
        byte[] signature = message(14, 1, 2, 3);
        Channel client = new Channel(concat(list, sign));
        Agent agent = new Agent(IDENTITIES_ANSWER, signature);
        AgentConnection.serve(client, agent);
        assertArrayEquals(concat(list, sign), agent.written.toByteArray());
        assertArrayEquals(concat(IDENTITIES_ANSWER, signature), client.written.toByteArray());
    }

    @Test
    void everyOtherRequestIsAnsweredWithFailureAndNeverReachesTheAgent() throws IOException {
        int[] refused = {1, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 0, 255};
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int type : refused) {
            byte[] request = message(type, 0, 0, 0, 2, 'p', 'w');
            requests.write(request, 0, request.length);
            expected.write(FAILURE, 0, FAILURE.length);
        }
        Channel client = new Channel(requests.toByteArray());
        Agent agent = new Agent();
        AgentConnection.serve(client, agent);
        assertEquals(0, agent.written.size(), "nothing reached the agent");
        assertArrayEquals(expected.toByteArray(), client.written.toByteArray());
    }

    @Test
    void anEmptyOrOversizedMessageEndsTheConnectionUnanswered() {
        for (byte[] bogus : new byte[][] {{0, 0, 0, 0}, {0, 4, 0, 1, 11}, {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}}) {
            Channel client = new Channel(bogus);
            Agent agent = new Agent();
            assertThrows(ProtocolException.class, () -> AgentConnection.serve(client, agent));
            assertEquals(0, agent.written.size());
            assertEquals(0, client.written.size());
        }
    }

    @Test
    void theLargestAllowedMessagePasses() throws IOException {
        byte[] sign = new byte[4 + AgentConnection.MAX_FRAME];
        ByteBuffer.wrap(sign).putInt(AgentConnection.MAX_FRAME).put((byte) 13);
        Agent agent = new Agent(FAILURE);
        AgentConnection.serve(new Channel(sign), agent);
        assertEquals(sign.length, agent.written.size());
    }

    @Test
    void aConnectionEndingWithinAMessageIsAnError() {
        assertThrows(EOFException.class, () -> AgentConnection.serve(new Channel(new byte[] {0, 0}), new Agent()));
        assertThrows(EOFException.class, () -> AgentConnection.serve(new Channel(new byte[] {0, 0, 0, 5, 13}),
            new Agent()));
    }

    @Test
    void anOversizedOrMissingReplyFromTheAgentEndsTheConnection() {
        assertThrows(ProtocolException.class, () -> AgentConnection.serve(new Channel(message(11)),
            new Agent(new byte[] {0, 0x10, 0, 0, 12})));
        assertThrows(EOFException.class, () -> AgentConnection.serve(new Channel(message(11)), new Agent()));
    }
}
