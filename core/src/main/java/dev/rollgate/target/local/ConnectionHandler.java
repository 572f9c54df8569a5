package dev.rollgate.target.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves one client connection on one thread: reads requests in turn (keep-alive and pipelining), picks a version
 * per request, forwards it over this thread's own persistent connection to the chosen backend, streams the
 * response back and counts it.
 */
final class ConnectionHandler implements Runnable {

    private final Socket client;
    private final WeightedHttpRouter router;
    private final RouterConfig config;
    private final HttpInput in;
    private final HttpOutput out;
    private final String clientIp;
    /** Used by this handler's thread only, except {@link #abort()}: hence concurrent, though uncontended. */
    private final Map<InetSocketAddress, UpstreamConnection> upstreams = new ConcurrentHashMap<>();

    ConnectionHandler(Socket client, WeightedHttpRouter router, RouterConfig config) throws IOException {
        this.client = client;
        this.router = router;
        this.config = config;
        this.in = new HttpInput(client.getInputStream(), false);
        this.out = new HttpOutput(client.getOutputStream(), false);
        this.clientIp = client.getInetAddress().getHostAddress();
    }

    @Override
    public void run() {
        try {
            while (!router.isClosed() && serveOne()) {
                // next request on the same connection
            }
        } catch (IOException e) {
            // The client went away, idled out or the router is closing: nothing to answer.
        } finally {
            abort();
            router.finished(this);
        }
    }

    /**
     * Closes the client and backend connections, from any thread: a handler blocked reading either side wakes up
     * with an exception and ends (blocking socket reads ignore interrupts).
     */
    void abort() {
        try {
            client.close();
        } catch (IOException ignored) {
            // Closed is what we wanted.
        }
        upstreams.values().forEach(UpstreamConnection::close);
    }

    /** Serves one request; returns whether the client connection stays open for another. */
    private boolean serveOne() throws IOException {
        RequestHead request;
        BodyFraming requestBody;
        try {
            request = RequestHead.read(in);
            if (request == null) {
                return false;
            }
            requestBody = request.bodyFraming(in);
        } catch (BadRequestException e) {
            router.countRejected();
            answer(400, "Bad Request", e.getMessage(), null, false, true);
            out.flush();
            return false;
        }
        long start = config.nanoClock().getAsLong();
        VersionRoute route = router.table().next();
        VersionMetrics metrics = route.metrics();
        metrics.countRequest();

        InetSocketAddress backend = route.nextBackend();
        if (backend == null) {
            // The body was not read, so the connection cannot carry another request.
            boolean close = !requestBody.isEmpty() || !request.keepAlive();
            answer(503, "Service Unavailable", "no backend for version " + route.version(), route, request.isHead(),
                    close);
            metrics.countResponse(503, config.nanoClock().getAsLong() - start);
            out.flush();
            return !close;
        }
        Exchange x = new Exchange(request, requestBody, metrics, start);
        try {
            forward(x, backend, route);
        } catch (UpstreamException e) {
            discard(backend);
            metrics.countUpstreamError();
            if (x.responseStarted) {
                // Part of the response is already with the client: all we can do is cut the connection.
                metrics.countResponse(x.status, config.nanoClock().getAsLong() - start);
                return false;
            }
            boolean close = !x.requestBodySent || !request.keepAlive();
            int status = e.timeout() ? 504 : 502;
            answer(status, e.timeout() ? "Gateway Timeout" : "Bad Gateway", e.getMessage(), route, request.isHead(),
                    close);
            metrics.countResponse(status, config.nanoClock().getAsLong() - start);
            out.flush();
            return !close;
        } catch (BadRequestException e) {
            // A malformed request body, found while streaming it: the backend has half a request.
            discard(backend);
            answer(400, "Bad Request", e.getMessage(), route, request.isHead(), true);
            metrics.countResponse(400, config.nanoClock().getAsLong() - start);
            out.flush();
            return false;
        } catch (IOException e) {
            discard(backend);
            throw e;
        }
        return x.clientKeepAlive;
    }

    /** Progress of one request, so failures know what can still be answered. */
    private static final class Exchange {
        final RequestHead request;
        final BodyFraming requestBody;
        boolean requestBodySent;
        boolean responseStarted;
        boolean clientKeepAlive;
        int status;
        final VersionMetrics metrics;
        final long start;

        Exchange(RequestHead request, BodyFraming requestBody, VersionMetrics metrics, long start) {
            this.request = request;
            this.requestBody = requestBody;
            this.requestBodySent = requestBody.isEmpty();
            this.metrics = metrics;
            this.start = start;
        }
    }

    private void forward(Exchange x, InetSocketAddress backend, VersionRoute route) throws IOException {
        UpstreamConnection up = upstream(backend);
        ResponseHead response;
        try {
            response = send(x, up);
        } catch (UpstreamException e) {
            // A kept-alive connection the backend closed while idle fails on first use; a bodiless request has
            // not been seen by anyone, so one retry on a fresh connection is safe.
            if (!up.reused() || !x.requestBody.isEmpty() || !e.closedBeforeResponse() && !isReset(e)) {
                throw e;
            }
            discard(backend);
            up = upstream(backend);
            response = send(x, up);
        }
        up.markUsed();
        BodyFraming responseBody = response.bodyFraming(x.request.isHead(), up.in());
        boolean http10Client = x.request.minorVersion() == 0;
        boolean dechunk = http10Client && responseBody.kind() == BodyFraming.Kind.CHUNKED;
        x.clientKeepAlive = x.request.keepAlive() && responseBody.kind() != BodyFraming.Kind.UNTIL_CLOSE && !dechunk;
        x.status = response.status();

        x.responseStarted = true;
        writeResponseHead(response, route, responseBody, dechunk, x.clientKeepAlive);
        BodyCopier.copy(responseBody, up.in(), out, !dechunk);
        // Counted before the last flush, so a client holding its response always finds it in a snapshot; the
        // latency thus ends when the last bytes are handed to the socket, minus that one final write.
        x.metrics.countResponse(x.status, config.nanoClock().getAsLong() - x.start);
        out.flush();
        if (!response.keepAlive() || responseBody.kind() == BodyFraming.Kind.UNTIL_CLOSE) {
            discard(backend);
        }
    }

    /** Sends the request and returns the final response head (interim 1xx responses are consumed). */
    private ResponseHead send(Exchange x, UpstreamConnection up) throws IOException {
        writeRequestHead(x.request, x.requestBody, up.out());
        if (!x.requestBody.isEmpty()) {
            if (x.request.expectsContinue() && !in.hasBuffered()) {
                // We answer the client's Expect ourselves (and do not forward it): the backend is reachable.
                out.writeAscii("HTTP/1.1 100 Continue\r\n\r\n");
                out.flush();
            }
            BodyCopier.copy(x.requestBody, in, up.out(), true);
            x.requestBodySent = true;
        }
        up.out().flush();
        while (true) {
            ResponseHead response = ResponseHead.read(up.in());
            if (response.status() == 101) {
                throw new UpstreamException("backend switched protocols, which the router does not support", null,
                        false, false);
            }
            if (!response.isInterim()) {
                return response;
            }
        }
    }

    private void writeRequestHead(RequestHead request, BodyFraming body, HttpOutput o) throws IOException {
        o.writeAscii(request.method());
        o.writeAscii(" ");
        o.writeAscii(request.target());
        o.writeAscii(" HTTP/1.1\r\n");
        HttpHeaders h = request.headers();
        String connection = h.get("Connection");
        String forwardedFor = null;
        boolean host = false;
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            if (h.isHopByHop(i, connection) || name.equalsIgnoreCase("expect")) {
                continue;
            }
            if (name.equalsIgnoreCase("x-forwarded-for")) {
                forwardedFor = forwardedFor == null ? h.value(i) : forwardedFor + ", " + h.value(i);
                continue;
            }
            host |= name.equalsIgnoreCase("host");
            o.header(name, h.value(i));
        }
        o.header("X-Forwarded-For", forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp);
        if (!host) {
            // HTTP/1.0 clients may omit Host; HTTP/1.1 backends require it.
            o.header("Host", "localhost");
        }
        if (body.kind() == BodyFraming.Kind.CHUNKED) {
            o.header("Transfer-Encoding", "chunked");
        }
        o.crlf();
    }

    private void writeResponseHead(ResponseHead response, VersionRoute route, BodyFraming body, boolean dechunk,
                                   boolean keepAlive) throws IOException {
        out.writeAscii("HTTP/1.1 ");
        out.writeAscii(Integer.toString(response.status()));
        out.writeAscii(" ");
        out.writeAscii(response.reason());
        out.crlf();
        HttpHeaders h = response.headers();
        String connection = h.get("Connection");
        for (int i = 0; i < h.size(); i++) {
            if (!h.isHopByHop(i, connection)) {
                out.header(h.name(i), h.value(i));
            }
        }
        out.write(route.versionHeader());
        if (body.kind() == BodyFraming.Kind.CHUNKED && !dechunk) {
            out.header("Transfer-Encoding", "chunked");
        }
        if (!keepAlive) {
            out.header("Connection", "close");
        }
        out.crlf();
    }

    /** A response the router makes itself. */
    private void answer(int status, String reason, String message, VersionRoute route, boolean head, boolean close)
            throws IOException {
        byte[] body = (status + " " + reason + ": " + message + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeAscii("HTTP/1.1 " + status + " " + reason + "\r\n");
        out.header("Content-Type", "text/plain; charset=utf-8");
        out.header("Content-Length", Integer.toString(body.length));
        if (route != null) {
            out.write(route.versionHeader());
        }
        if (close) {
            out.header("Connection", "close");
        }
        out.crlf();
        if (!head) {
            out.write(body);
        }
    }

    private UpstreamConnection upstream(InetSocketAddress backend) throws UpstreamException {
        UpstreamConnection c = upstreams.get(backend);
        if (c == null) {
            c = UpstreamConnection.open(backend, config);
            upstreams.put(backend, c);
        }
        return c;
    }

    private void discard(InetSocketAddress backend) {
        UpstreamConnection c = upstreams.remove(backend);
        if (c != null) {
            c.close();
        }
    }

    private static boolean isReset(UpstreamException e) {
        return e.getCause() instanceof java.net.SocketException && !e.timeout();
    }
}
