package dev.mino.core.internal.podman;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Socket} whose two directions are the stdin and stdout of a command started for it, such
 * as {@code ssh host podman system dial-stdio}: the way to reach a Podman service whose socket
 * cannot be opened from here (inside an OrbStack VM, on another machine).
 *
 * <p>Reads honour {@link #setSoTimeout} for real (OkHttp's check of an idle pooled connection reads
 * with a 1 ms timeout), and {@link #close()} works from any thread and wakes a blocked read, which
 * is how okio's watchdog ends a call that took too long. Closing ends the process. When the process
 * ends before writing anything, reads fail with what it wrote to stderr, since that is what says
 * why ("Permission denied (publickey)").
 */
final class ProcessSocket extends NonTcpSocket {
    private static final System.Logger LOG = System.getLogger(ProcessSocket.class.getName());
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int STDERR_KEPT_BYTES = 4096;
    /** How long a process may take to go after SIGTERM before it is killed. */
    private static final long TERMINATE_GRACE_MILLIS = 500;
    /** How long a failed read waits for the process's exit status and last words. */
    private static final long EXIT_WAIT_MILLIS = 2000;

    private final EngineAddress.Stdio address;
    private final PumpedInput stdout = new PumpedInput(BUFFER_BYTES);
    private final OutputTail stderr = new OutputTail(STDERR_KEPT_BYTES);
    private final InputStream input = new Input();
    private final OutputStream output = new Output();
    private volatile Process process;
    private volatile boolean closed;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;

    ProcessSocket(EngineAddress.Stdio address) {
        this.address = address;
    }

    @Override
    public void connect(SocketAddress ignored) throws IOException {
        connect(ignored, 0);
    }

    /** Starts the command; the address OkHttp passes only names the connection pool entry. */
    @Override
    public synchronized void connect(SocketAddress ignored, int timeoutMillis) throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (process != null) {
            throw new SocketException("already connected");
        }
        Process started;
        try {
            // A session of its own: Ctrl-C at a terminal must not end it before cleanup is done.
            started = new ProcessBuilder(NewSession.wrap(address.command())).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + commandLine() + "': " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.DEBUG, "started {0} (pid {1})", commandLine(), started.pid());
        stdout.pumpFrom(started.getInputStream(), "mino-stdio-out-" + started.pid());
        stderr.drain(started.getErrorStream(), "mino-stdio-err-" + started.pid());
        process = started;
    }

    /** The command as one line, for messages. */
    String commandLine() {
        return String.join(" ", address.command());
    }

    /** The process's id, or -1 before connecting. */
    long pid() {
        Process running = process;
        return running == null ? -1 : running.pid();
    }

    /** The tail of what the process wrote to stderr so far. */
    String stderrTail() {
        return stderr.text();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        requireConnected();
        return input;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        requireConnected();
        return output;
    }

    /** Closes the process's stdin: the far end sees end of input, its output keeps flowing. */
    @Override
    public void shutdownOutput() throws IOException {
        requireConnected();
        outputShutdown = true;
        process.getOutputStream().close();
    }

    @Override
    public void shutdownInput() throws IOException {
        requireConnected();
        inputShutdown = true;
    }

    /**
     * True after {@link #shutdownInput()}, and also once the process has closed its output and all
     * of it was read: OkHttp then drops the pooled connection instead of sending a request into it.
     */
    @Override
    public boolean isInputShutdown() {
        return inputShutdown || (process != null && stdout.exhausted());
    }

    /** True after {@link #shutdownOutput()}, and also once the process has ended. */
    @Override
    public boolean isOutputShutdown() {
        Process running = process;
        return outputShutdown || (running != null && !running.isAlive());
    }

    @Override
    public boolean isConnected() {
        return process != null;
    }

    @Override
    public boolean isBound() {
        return process != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Ends the process: SIGTERM at once, SIGKILL if it is still there after a short grace. Returns
     * without waiting for either.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stdout.close();
        Process running = process;
        if (running == null) {
            return;
        }
        try {
            running.getOutputStream().close();
        } catch (IOException ignored) {
            // The process is going away anyway.
        }
        running.destroy();
        // Not waited for here: okio's watchdog thread, shared by every call, closes sockets too.
        CompletableFuture.delayedExecutor(TERMINATE_GRACE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            if (running.isAlive()) {
                running.destroyForcibly();
            }
        });
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return InetSocketAddress.createUnresolved("podman", 0);
    }

    @Override
    public String toString() {
        return "ProcessSocket[" + address.description() + (closed ? ", closed" : "") + "]";
    }

    private void requireConnected() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (process == null) {
            throw new SocketException("Socket is not connected");
        }
    }

    /**
     * The failure to report when the process went away before its peer said anything: its exit
     * status and stderr, which is all that explains a refused login or a missing program.
     */
    private IOException endedEarly(IOException cause) {
        Process running = process;
        String status;
        try {
            if (running.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                stderr.awaitEnd(EXIT_WAIT_MILLIS);
                status = "exited with status " + running.exitValue();
            } else {
                status = "closed its output";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "stopped answering";
        }
        String said = stderr.text();
        return new IOException("'" + commandLine() + "' " + status + " before the engine answered"
            + (said.isEmpty() ? "" : ": " + said), cause);
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            requireConnected();
            if (len == 0) {
                return 0;
            }
            if (inputShutdown) {
                return -1;
            }
            int n = stdout.read(b, off, len, soTimeoutMillis);
            if (n < 0 && stdout.received() == 0 && !closed) {
                throw endedEarly(null);
            }
            return n;
        }

        @Override
        public int available() {
            return stdout.available();
        }

        @Override
        public void close() {
            ProcessSocket.this.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /** Writes through at once, as a socket does: callers of a stdin stream need not flush. */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            requireConnected();
            OutputStream stdin = process.getOutputStream();
            try {
                stdin.write(b, off, len);
                stdin.flush();
            } catch (IOException e) {
                if (closed) {
                    throw new SocketException("Socket closed");
                }
                throw stdout.received() == 0 ? endedEarly(e) : e;
            }
        }

        @Override
        public void flush() throws IOException {
            requireConnected();
            process.getOutputStream().flush();
        }

        @Override
        public void close() {
            ProcessSocket.this.close();
        }
    }
}
