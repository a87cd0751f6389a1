package dev.weft.examples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.net.Tcp.startServer;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.net.IncompleteReadException;
import dev.weft.net.StreamReader;
import dev.weft.net.StreamWriter;
import dev.weft.net.TcpServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The {@code crawl} demo's web site: a few generated pages that link to each other, served over HTTP/1.1 by a
 * Weft TCP server on 127.0.0.1. Minimal on purpose: GET only, every response with {@code Content-Length},
 * connections kept alive until the client sends {@code Connection: close} or closes its end.
 *
 * <pre>{@code
 * SiteServer site = await(SiteServer.start(SiteServer.generate(12, 7)));
 * HttpResponse<String> r = await(client.sendAsync(HttpRequest.newBuilder(site.root()).build(), ofString()));
 * site.close();
 * await(site.closed());
 * }</pre>
 *
 * <p>Thread rule: the loop thread that started it. Nulls: none accepted or returned.
 */
final class SiteServer {

    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(ISO_8859_1);

    /** The listening server. */
    private final TcpServer server;

    private SiteServer(final TcpServer server) {
        this.server = server;
    }

    /**
     * Generates a site: {@code /} and {@code /page/1} to {@code /page/<count - 1>}, each linking to two to four
     * others picked at random ({@code /} to the first three pages).
     *
     * @param count how many pages, at least 4
     * @param seed  the seed of the links
     * @return path to HTML, {@code /} first
     */
    static Map<String, String> generate(final int count, final long seed) {
        Random random = new Random(seed);
        List<String> paths = new ArrayList<>();
        paths.add("/");
        for (int i = 1; i < count; i++) {
            paths.add("/page/" + i);
        }
        Map<String, String> site = new LinkedHashMap<>();
        for (String path : paths) {
            List<String> others = new ArrayList<>(paths);
            others.remove(path);
            List<String> links;
            if (path.equals("/")) {
                links = others.subList(0, 3);
            } else {
                Collections.shuffle(others, random);
                links = others.subList(0, 2 + random.nextInt(3));
            }
            StringBuilder html = new StringBuilder();
            html.append("<!DOCTYPE html>\n<html><head><title>").append(path).append("</title></head><body>\n")
                    .append("<h1>").append(path).append("</h1>\n<p>")
                    .append("Lorem ipsum dolor sit amet. ".repeat(5 + random.nextInt(40))).append("</p>\n<ul>\n");
            for (String link : links) {
                html.append("<li><a href=\"").append(link).append("\">").append(link).append("</a></li>\n");
            }
            site.put(path, html.append("</ul>\n</body></html>\n").toString());
        }
        return site;
    }

    /**
     * Starts serving {@code site} on 127.0.0.1, on a port the system picks.
     *
     * @param site path to HTML
     * @return the task of the running server
     */
    @Async
    static Task<SiteServer> start(final Map<String, String> site) {
        Map<String, byte[]> pages = new LinkedHashMap<>();
        site.forEach((path, html) -> pages.put(path, html.getBytes(UTF_8)));
        TcpServer server = await(startServer("127.0.0.1", 0, (in, out) -> serve(pages, in, out)));
        return done(new SiteServer(server));
    }

    /** @return the address of the site's home page */
    URI root() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    /** Stops accepting and closes the connections the client keeps alive; see {@link #closed()}. */
    void close() {
        server.close();
        server.closeClients();
    }

    /** @return a task done once the server and every connection are closed */
    Task<Void> closed() {
        return server.closed();
    }

    /**
     * One connection: requests and responses in turn, until the client is done.
     *
     * @param pages path to page
     * @param in  the connection's incoming bytes
     * @param out the connection's outgoing bytes
     * @return the task, done at the client's EOF or after a {@code Connection: close} request
     */
    @Async
    static Task<Void> serve(final Map<String, byte[]> pages, final StreamReader in, final StreamWriter out) {
        while (true) {
            String head;
            try {
                head = new String(await(in.readUntil(END_OF_HEAD)), ISO_8859_1);
            } catch (IncompleteReadException eof) {
                return done(); // the client closed the connection between requests
            }
            String[] lines = head.split("\r\n");
            String[] request = lines[0].split(" ");
            boolean close = head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
            if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
                respond(out, "400 Bad Request", "", "bad request line\n", true);
                return done();
            }
            byte[] page = pages.get(request[1]);
            if (!request[0].equals("GET")) {
                respond(out, "405 Method Not Allowed", "Allow: GET\r\n", "GET only\n", close);
            } else if (page == null) {
                respond(out, "404 Not Found", "", "no such page: " + request[1] + "\n", close);
            } else {
                respond(out, "200 OK", "Content-Type: text/html; charset=utf-8\r\n", page, close);
            }
            await(out.drain());
            if (close) {
                return done();
            }
        }
    }

    private static void respond(final StreamWriter out, final String status, final String headers,
            final String text, final boolean close) {
        respond(out, status, headers + "Content-Type: text/plain; charset=utf-8\r\n", text.getBytes(UTF_8), close);
    }

    private static void respond(final StreamWriter out, final String status, final String headers,
            final byte[] body, final boolean close) {
        String head = "HTTP/1.1 " + status + "\r\n" + headers
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        out.write(head.getBytes(ISO_8859_1));
        out.write(body);
    }
}
