package dev.weft.examples;

import static dev.weft.Weft.await;
import static dev.weft.Weft.done;
import static dev.weft.Weft.gather;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Async;
import dev.weft.Task;
import dev.weft.Weft;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A crawler: it fetches the pages of a small generated site concurrently and follows their links to depth 2.
 * The site is a {@link SiteServer} on 127.0.0.1 in the same event loop; the crawler uses the JDK's
 * {@link HttpClient}, whose {@code sendAsync} returns a {@code CompletionStage} that {@code await} accepts.
 *
 * <pre>
 * $ java -jar weft-examples.jar crawl              # or: crawl --pages 20 --depth 3 --seed 1
 * site: 12 pages at http://127.0.0.1:42487/
 * depth 0: GET / -&gt; 200, 1,368 bytes, 3 links
 * depth 1: GET /page/2 -&gt; 200, 1,440 bytes, 3 links
 * depth 1: GET /page/1 -&gt; 200, 1,117 bytes, 2 links
 * depth 1: GET /page/3 -&gt; 200, 905 bytes, 4 links
 * depth 2: GET /page/11 -&gt; 200, 363 bytes, 2 links
 * ...
 * Crawled 9 of 12 pages to depth 2: 9,872 bytes in 0.25 seconds.
 * </pre>
 *
 * <p>Each depth is one {@code gather} of all its fetches, so the pages of a depth are fetched at once and print
 * in the order they arrive; a page is fetched once, however many pages link to it. Thread rule:
 * {@link #execute} runs an event loop on the calling thread; the HTTP client's own threads complete its
 * futures, and the awaiting tasks resume on the loop.
 */
public final class Crawl {

    private static final String USAGE = "crawl [--pages N] [--depth N] [--seed SEED]";

    /** Links in the generated pages (a real crawler would use an HTML parser). */
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    /**
     * One fetched page.
     *
     * @param status the HTTP status
     * @param bytes  the body's length
     * @param links  the links to pages of the same site, resolved
     */
    record Page(int status, int bytes, List<URI> links) {
    }

    /**
     * The crawl's result.
     *
     * @param pages how many pages were fetched
     * @param bytes their bytes, in all
     */
    record Summary(int pages, long bytes) {
    }

    /** Where the demo prints. */
    private final PrintStream out;

    /** The HTTP client; its futures complete on its own threads. */
    private final HttpClient client;

    private Crawl(final PrintStream out, final HttpClient client) {
        this.out = out;
        this.client = client;
    }

    /**
     * Fetches one page and finds its links.
     *
     * @param uri   the page
     * @param depth how many links away from the start it is, for the output
     * @return the task of the page
     */
    @Async
    Task<Page> fetch(final URI uri, final int depth) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<byte[]> response = await(client.sendAsync(request, BodyHandlers.ofByteArray()));
        byte[] body = response.body();
        List<URI> links = new ArrayList<>();
        Matcher m = HREF.matcher(new String(body, UTF_8));
        while (m.find()) {
            URI link = uri.resolve(m.group(1));
            if (link.getRawAuthority().equals(uri.getRawAuthority())) { // stay on this site
                links.add(link);
            }
        }
        out.printf(Locale.ROOT, "depth %d: GET %s -> %d, %,d bytes, %d links%n",
                depth, uri.getPath(), response.statusCode(), body.length, links.size());
        return done(new Page(response.statusCode(), body.length, links));
    }

    /**
     * Fetches {@code root}, then the pages it links to, and so on to {@code maxDepth}: all pages of one depth at
     * once.
     *
     * @param root     where to start
     * @param maxDepth how many links to follow from the start
     * @return the task of the summary
     */
    @Async
    Task<Summary> crawl(final URI root, final int maxDepth) {
        Set<URI> seen = new HashSet<>(List.of(root));
        List<URI> level = List.of(root);
        int pages = 0;
        long bytes = 0;
        for (int depth = 0; depth <= maxDepth && !level.isEmpty(); depth++) {
            List<Task<Page>> fetches = new ArrayList<>();
            for (URI uri : level) {
                fetches.add(fetch(uri, depth));
            }
            List<URI> next = new ArrayList<>();
            for (Page page : await(gather(fetches))) {
                pages++;
                bytes += page.bytes();
                for (URI link : page.links()) {
                    if (seen.add(link)) {
                        next.add(link);
                    }
                }
            }
            level = next;
        }
        return done(new Summary(pages, bytes));
    }

    /**
     * Serves the site, crawls it, stops the site.
     *
     * @param count    how many pages the site has
     * @param seed     the seed of the site's links
     * @param maxDepth how many links to follow from the home page
     * @return the task, done when the site is closed
     */
    @Async
    Task<Void> main0(final int count, final long seed, final int maxDepth) {
        SiteServer site = await(SiteServer.start(SiteServer.generate(count, seed)));
        out.printf(Locale.ROOT, "site: %d pages at %s%n", count, site.root());

        long start = System.nanoTime();
        Summary summary = await(crawl(site.root(), maxDepth));
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "Crawled %d of %d pages to depth %d: %,d bytes in %.2f seconds.%n",
                summary.pages(), count, maxDepth, summary.bytes(), seconds);

        site.close(); // also closes the connections the client keeps alive
        await(site.closed());
        return done();
    }

    /**
     * Runs the demo.
     *
     * @param args {@code --pages} (12, from 5 to 20), {@code --depth} (2), {@code --seed} (7); not null
     * @param out  where to print; not null
     * @throws Args.UsageException for a bad command line
     */
    static void execute(final String[] args, final PrintStream out) {
        Args a = new Args(args, USAGE);
        int count = a.intOption("--pages", 12, 5);
        if (count > 20) {
            throw a.fail("--pages: " + count + " (expected: 5 to 20)");
        }
        int depth = a.intOption("--depth", 2, 0);
        long seed = a.longOption("--seed", 7);
        if (!a.positionals().isEmpty()) {
            throw a.fail("no positional arguments expected: " + a.positionals());
        }
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Crawl demo = new Crawl(out, client);
        Weft.run(() -> demo.main0(count, seed, depth));
    }

    /**
     * Runs the demo, printing to standard output.
     *
     * @param args see {@link #execute}
     */
    public static void main(final String[] args) {
        execute(args, System.out);
    }
}
