package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The crawl demo: each page once, depth by depth, and a summary that adds up. */
class CrawlTest {

    private static final Pattern GET =
            Pattern.compile("depth (\\d): GET (/[a-z0-9/]*) -> 200, ([\\d,]+) bytes, (\\d+) links");

    @Test
    void fetchesEachPageOnceDepthByDepthAndSumsThemUp() {
        List<String> lines = DemoRun.lines(Crawl::execute);

        assertTrue(lines.get(0).matches("site: 12 pages at http://127\\.0\\.0\\.1:\\d+/"), lines.get(0));
        assertTrue(lines.get(1).matches("depth 0: GET / -> 200, .* bytes, 3 links"), lines.get(1));
        Set<String> paths = new HashSet<>();
        long bytes = 0;
        int depth = 0;
        for (String line : lines.subList(1, lines.size() - 1)) {
            Matcher m = GET.matcher(line);
            assertTrue(m.matches(), line);
            int d = Integer.parseInt(m.group(1));
            assertTrue(d >= depth && d <= 2, "depths in order, at most 2: " + line);
            depth = d;
            assertTrue(paths.add(m.group(2)), "fetched twice: " + line);
            bytes += Long.parseLong(m.group(3).replace(",", ""));
        }
        assertEquals(2, depth, "links were followed to depth 2");
        String summary = lines.get(lines.size() - 1);
        assertTrue(summary.matches("Crawled " + paths.size() + " of 12 pages to depth 2: "
                + String.format(java.util.Locale.ROOT, "%,d", bytes) + " bytes in \\d+\\.\\d\\d seconds\\."), summary);
    }

    @Test
    void depthZeroFetchesTheHomePageOnly() {
        List<String> lines = DemoRun.lines(Crawl::execute, "--depth", "0", "--pages", "5");

        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(2).startsWith("Crawled 1 of 5 pages to depth 0: "), lines.get(2));
    }

    @Test
    void theGeneratedSiteLinksOnlyToItsOwnPages() {
        Map<String, String> site = SiteServer.generate(20, 3);

        assertEquals(20, site.size());
        Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(String.join("", site.values()));
        int links = 0;
        while (m.find()) {
            assertTrue(site.containsKey(m.group(1)), m.group(1));
            links++;
        }
        assertTrue(links >= 2 * 19 + 3, "each page links to at least two others");
    }
}
