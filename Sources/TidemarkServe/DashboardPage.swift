import TidemarkCore
import TidemarkReports

/// `GET /`: the dashboard, one self-contained page (inline CSS and script,
/// no external fonts, scripts or images) in the look of `report.html`. It
/// holds no data: the script fetches the JSON API.
enum DashboardPage {
    /// The report's stylesheet followed by the dashboard's.
    static let css = ReportHTMLStyle.css + DashboardStyle.css

    /// The page.
    static let html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Tidemark</title>
        <style>
        \(css)</style>
        </head>
        <body>
        <main class="page">
        <header class="masthead">
        <div>
        <p class="eyebrow">Tidemark dashboard</p>
        <h1 id="title">Sites</h1>
        <p class="when" id="when"></p>
        </div>
        <p class="badge" id="badge" hidden></p>
        </header>
        <nav class="crumbs" id="crumbs" aria-label="Breadcrumb" hidden><a href="?">← All sites</a></nav>
        <p id="status" class="note" role="status" aria-live="polite">Loading…</p>
        <p id="error" class="error" role="alert" hidden></p>
        <section id="sites-view" aria-label="Sites" hidden>
        <div class="sites" id="sites"></div>
        </section>
        <div id="site-view" hidden>
        <nav class="picker" aria-label="Period">
        <ul class="periods" id="periods"></ul>
        <form class="custom" id="custom" method="get" action="/">
        <input type="hidden" name="site" id="custom-site">
        <label>From <input type="date" name="from" id="from" required></label>
        <label>To <input type="date" name="to" id="to" required></label>
        <button type="submit">Show range</button>
        </form>
        </nav>
        <nav class="steps" id="steps" aria-label="Earlier and later periods"></nav>
        <section class="headline" aria-label="Totals">
        <p class="compare" id="compare"></p>
        <div class="kpis k8" id="kpis"></div>
        </section>
        <section class="panel traffic">
        <h2 id="chart-title">Traffic</h2>
        <figure class="chart" id="chart"></figure>
        </section>
        <div id="tables"></div>
        <footer id="inputs"></footer>
        </div>
        </main>
        <script>
        \(DashboardScript.js(lists: listsJSON))
        </script>
        </body>
        </html>

        """

    /// The top-list groups of `report.html` as JSON for the script: each
    /// list's JSON name, title, key field, key heading and count columns.
    static var listsJSON: String {
        var out = "["
        for (g, group) in ReportHTMLTables.groups.enumerated() {
            out += (g == 0 ? "" : ",") + "{\"title\":"
            JSONText.appendString(group.title, to: &out)
            out += ",\"lists\":["
            for (i, kind) in group.kinds.enumerated() {
                out += (i == 0 ? "" : ",") + "{\"id\":"
                JSONText.appendString(kind.jsonName, to: &out)
                out += ",\"title\":"
                JSONText.appendString(kind.title, to: &out)
                out += ",\"key\":"
                JSONText.appendString(kind.keyField, to: &out)
                out += ",\"heading\":"
                JSONText.appendString(ReportHTMLTables.keyHeading(kind), to: &out)
                out += ",\"counts\":[" + kind.countFields.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]}"
            }
            out += "]}"
        }
        return out + "]"
    }
}
