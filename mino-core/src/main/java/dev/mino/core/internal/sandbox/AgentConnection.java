package dev.mino.core.internal.sandbox;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * One sandbox connection to the SSH agent, filtered: the sandbox may list the agent's keys and
 * ask it to sign, nothing else. Every other request (add or remove keys, lock, unlock, extensions,
 * the old protocol's messages) is answered with failure here and never reaches the agent, so
 * the sandbox can neither take the user's keys away, lock the agent, nor plant a key of its own.
 *
 * <p>The agent protocol is request and reply, each a frame of a 4-byte length and that many
 * bytes, the first of them the message type. Requests are handled one at a time: a request is
 * read whole, passed on or refused, and the agent's reply is read whole and passed back before
 * the next request is read, so replies cannot get out of order. A frame that is empty or longer
 * than {@link #MAX_FRAME} ends the connection, in either direction.
 */
final class AgentConnection {
    /** Larger than any real request or reply (a sign request carries the data to sign, a few KiB). */
    static final int MAX_FRAME = 256 * 1024;
    static final byte REQUEST_IDENTITIES = 11;
    static final byte SIGN_REQUEST = 13;
    static final byte FAILURE = 5;

    private AgentConnection() {
    }

    /** Relays requests from {@code client} to {@code agent} until either side ends or breaks the framing. */
    static void serve(ByteChannel client, ByteChannel agent) throws IOException {
        for (ByteBuffer request = readFrame(client); request != null; request = readFrame(client)) {
            if (!allowed(request.get(4))) {
                writeFully(client, failure());
                continue;
            }
            writeFully(agent, request);
            ByteBuffer reply = readFrame(agent);
            if (reply == null) {
                throw new EOFException("the SSH agent closed the connection");
            }
            writeFully(client, reply);
        }
    }

    static boolean allowed(byte type) {
        return type == REQUEST_IDENTITIES || type == SIGN_REQUEST;
    }

    /** A frame with its length, ready to be written; null when the channel ended between frames. */
    static ByteBuffer readFrame(ByteChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (!readFully(channel, header, true)) {
            return null;
        }
        long length = Integer.toUnsignedLong(header.getInt(0));
        if (length == 0 || length > MAX_FRAME) {
            throw new ProtocolException("an SSH agent message of " + length + " bytes");
        }
        ByteBuffer frame = ByteBuffer.allocate(4 + (int) length);
        frame.put(header.flip());
        readFully(channel, frame, false);
        return frame.flip();
    }

    /** The failure reply: length 1, type {@link #FAILURE}. */
    static ByteBuffer failure() {
        return ByteBuffer.wrap(new byte[] {0, 0, 0, 1, FAILURE});
    }

    /** Fills {@code buffer}; false when the channel ended before the first byte and that is allowed. */
    private static boolean readFully(ByteChannel channel, ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("the connection ended within an SSH agent message");
            }
        }
        return true;
    }

    private static void writeFully(ByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
