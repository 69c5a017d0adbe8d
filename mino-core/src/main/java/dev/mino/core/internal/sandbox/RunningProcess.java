package dev.mino.core.internal.sandbox;

import dev.mino.core.ExecProcess;
import dev.mino.core.InvalidSpecException;
import dev.mino.core.MinoException;
import dev.mino.core.SandboxTimeoutException;
import dev.mino.core.internal.podman.HijackedStream;
import dev.mino.core.internal.podman.PodmanClient;
import dev.mino.core.internal.podman.StreamDemultiplexer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/** An exec'd process with connected streams: what {@code Sandbox.startProcess} returns. */
final class RunningProcess implements ExecProcess {
    private static final int PIPE_CAPACITY = 256 * 1024;

    private final PodmanClient client;
    private final String execId;
    private final boolean tty;
    private final HijackedStream stream;
    private final String session;
    private final BytePipe stdout = new BytePipe(PIPE_CAPACITY);
    private final BytePipe stderr = new BytePipe(PIPE_CAPACITY);
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final OutputStream stdin;
    private final Runnable onEnd;

    /**
     * @param threads makes the thread that pumps its output (a Mino's, which waits for it at close)
     * @param onEnd told once its output has ended
     */
    RunningProcess(PodmanClient client, String execId, boolean tty, HijackedStream stream, String session,
                   BiFunction<String, Runnable, Thread> threads, Runnable onEnd) {
        this.onEnd = onEnd;
        this.client = client;
        this.execId = execId;
        this.tty = tty;
        this.stream = stream;
        this.session = session;
        this.stdin = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                stream.stdin().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stream.stdin().write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                stream.stdin().flush();
            }

            @Override
            public void close() throws IOException {
                stream.closeStdin();
            }
        };
        threads.apply("mino-exec-" + session, this::pump).start();
    }

    private void pump() {
        try (InputStream in = stream.output()) {
            if (tty) {
                in.transferTo(stdout.output());
            } else {
                StreamDemultiplexer.copy(in, stdout.output(), stderr.output());
            }
        } catch (IOException e) {
            // Disconnected: the exit code below tells what happened to the process.
        } finally {
            stdout.closeWriter();
            stderr.closeWriter();
            onEnd.run();
        }
        try {
            // Podman reports the exit code of an attached exec once its stream has ended.
            exit.complete(client.exec().inspect(execId).exitCode());
        } catch (MinoException e) {
            exit.completeExceptionally(e);
        }
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout.input();
    }

    @Override
    public InputStream stderr() {
        return stderr.input();
    }

    @Override
    public void resizeTerminal(int rows, int columns) {
        if (rows < 1 || columns < 1 || rows > 10_000 || columns > 10_000) {
            throw new InvalidSpecException("terminal size " + rows + "x" + columns + " is out of range",
                "pass rows and columns between 1 and 10000");
        }
        if (!tty) {
            throw new MinoException("the process has no terminal to resize", "start it with tty = true");
        }
        client.exec().resize(execId, rows, columns);
    }

    @Override
    public int awaitExit(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new InvalidSpecException("awaitExit timeout is negative: " + timeout, "pass Duration.ZERO or more");
        }
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SandboxTimeoutException("the process in " + session + " did not exit within " + timeout,
                "wait longer, or close the sandbox");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MinoException("interrupted while waiting for a process in " + session, "");
        } catch (ExecutionException e) {
            throw new MinoException("the exit of the process in " + session + " is unknown: " + e.getCause(), "",
                e.getCause());
        }
    }

    /** Closes the stream, and ends the pipes' writing side so that a pump blocked on a full pipe ends too. */
    @Override
    public void close() {
        stream.close();
        stdout.closeWriter();
        stderr.closeWriter();
    }
}
