package dev.rollgate.target.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A persistent connection to one backend, owned by exactly one handler thread (so it needs no locking). */
final class UpstreamConnection implements AutoCloseable {

    private final Socket socket;
    private final HttpInput in;
    private final HttpOutput out;
    private boolean reused;

    private UpstreamConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new HttpInput(socket.getInputStream(), true);
        this.out = new HttpOutput(socket.getOutputStream(), true);
    }

    static UpstreamConnection open(InetSocketAddress backend, RouterConfig config) throws UpstreamException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) config.readTimeout().toMillis());
            s.connect(backend, (int) config.connectTimeout().toMillis());
            return new UpstreamConnection(s);
        } catch (IOException e) {
            closeQuietly(s);
            throw new UpstreamException("cannot connect to backend " + backend + ": " + e.getMessage(), e,
                    e instanceof SocketTimeoutException, false);
        }
    }

    HttpInput in() {
        return in;
    }

    HttpOutput out() {
        return out;
    }

    /** Whether an earlier exchange used this connection: if so, the backend may have closed it while idle. */
    boolean reused() {
        return reused;
    }

    void markUsed() {
        reused = true;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing left to do with a socket we are discarding.
        }
    }
}
