#!/usr/bin/env python3
"""Drives `tidemark serve`'s dashboard in headless Chromium and checks it
against the JSON API it is built from.

    check-dashboard.py BASE_URL SITE OUT_DIR --from D --to D --date D [--chromium PATH]

BASE_URL is the server (`http://127.0.0.1:PORT`), SITE a served site with
data, and --from/--to/--date a custom range and a single day to show. Steps:
open the site list and check each card's totals equal the API's 30-day
report, its recent-day marks the sites list's `recent_days` (days in progress
neither counted as not complete nor drawn in the alert colour, and an
"Incomplete days" badge only when a day that has ended is not complete); open SITE from its card; reach the "7 days" link with the Tab key
and follow it with Enter; submit the custom range through the form; open
the single day. On each site page the headline numbers and every top
table's rows must equal the API's report for the page's URL, its badge say
complete, in progress (only days that have not ended are open) or incomplete as the API's days do, and the chart
must have one bar per bucket (hours for a day). The 7-day page and the list
are screenshotted at 1280 and 390 px; a blank chart, a missing or blank
table, a table header broken inside a word, or anything wider than the
window is a problem.

Prints one JSON object: {"problems": [...], "facts": {...}, "screenshots": [...]}.
Exit status 0 when the checks ran (problems may still be listed), 2 when
Chromium could not be driven. Reuses check-report-html.py's DevTools pipe.
"""
import base64
import importlib.util
import json
import os
import shutil
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("check_report_html", os.path.join(HERE, "check-report-html.py"))
report_html = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report_html)

from PIL import Image  # noqa: E402  (after the module above checked Pillow is there)

# Resolves once the page's script has drawn a view (it sets body[data-ready])
# or shown an error; never waits longer than 20 s.
READY = """new Promise(function (resolve) {
  function state() {
    var e = document.getElementById('error');
    if (e && !e.hidden) return 'error: ' + e.textContent;
    return document.body.getAttribute('data-ready');
  }
  if (state()) return resolve(state());
  var t = setTimeout(function () { resolve('timeout'); }, 20000);
  new MutationObserver(function () {
    if (state()) { clearTimeout(t); resolve(state()); }
  }).observe(document.documentElement, {attributes: true, childList: true, subtree: true});
})"""

FACTS = """(function () {
  function box(el) { var r = el.getBoundingClientRect(); return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height}; }
  var svg = document.querySelector('figure.chart svg');
  var kpis = {};
  document.querySelectorAll('[data-kpi]').forEach(function (k) {
    var v = k.querySelector('[data-value]');
    kpis[k.getAttribute('data-kpi')] = v ? v.getAttribute('data-value') : null;
  });
  return {
    url: location.search,
    innerWidth: innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    chart: svg ? box(svg) : null,
    nodata: !!document.querySelector('figure.chart .nodata'),
    bars: document.querySelectorAll('figure.chart rect.pv').length,
    kpis: kpis,
    badge: (function () { var b = document.getElementById('badge'); return b && !b.hidden ? b.getAttribute('data-state') : null; })(),
    cards: Array.prototype.map.call(document.querySelectorAll('a.site-card'), function (c) {
      var nums = {};
      c.querySelectorAll('[data-kpi]').forEach(function (k) { nums[k.getAttribute('data-kpi')] = k.querySelector('[data-value]').getAttribute('data-value'); });
      var recent = Array.prototype.map.call(c.querySelectorAll('.recent .day'), function (d) { return [d.getAttribute('data-date'), d.getAttribute('data-status')]; });
      // Marks of days in progress drawn in the alert colour (they must not be).
      var probe = document.createElement('span');
      probe.style.color = 'var(--bad)';
      c.appendChild(probe);
      var bad = getComputedStyle(probe).color;
      probe.remove();
      var alarming = Array.prototype.filter.call(c.querySelectorAll('.recent .day.in_progress'), function (d) {
        var st = getComputedStyle(d);
        return st.backgroundColor === bad || st.borderTopColor === bad;
      }).map(function (d) { return d.getAttribute('data-date'); });
      var row = c.querySelector('.recent');
      return {site: c.getAttribute('data-site'), nums: nums, bars: c.querySelectorAll('svg.spark rect').length, recent: recent,
              warned: !!c.querySelector('.badge.warn'),
              open: row ? Number(row.getAttribute('data-open')) : null, note: row ? row.lastChild.textContent : null,
              alarming: alarming};
    }),
    tables: Array.prototype.map.call(document.querySelectorAll('section.top'), function (s) {
      var b = box(s.querySelector('tbody') || s);
      b.id = s.id;
      b.rows = Array.prototype.map.call(s.querySelectorAll('tbody tr'), function (tr) {
        return [tr.querySelector('td.k').textContent].concat(Array.prototype.map.call(tr.querySelectorAll('td.num'), function (td) { return td.getAttribute('data-value'); }));
      });
      return b;
    }),
    // Table headers whose words were broken: a word drawn on more than one line, or clipped by its cell.
    brokenHeads: Array.prototype.filter.call(document.querySelectorAll('section.top th'), function (th) {
      var text = th.firstChild;
      if (!text || text.nodeType !== 3) return false;
      var broken = false, at = 0;
      text.data.split(' ').forEach(function (word) {
        var r = document.createRange();
        r.setStart(text, at);
        r.setEnd(text, at + word.length);
        var lines = {};
        Array.prototype.forEach.call(r.getClientRects(), function (q) { if (q.width > 0) lines[Math.round(q.top)] = true; });
        if (Object.keys(lines).length > 1) broken = true;
        at += word.length + 1;
      });
      return broken || th.scrollWidth > th.clientWidth + 1;
    }).slice(0, 5).map(function (th) { return th.closest('section').id + ':' + th.textContent; }),
    wide: Array.prototype.filter.call(document.querySelectorAll('body *'), function (el) {
      return el.getBoundingClientRect().right > innerWidth + 1;
    }).slice(0, 5).map(function (el) { return el.tagName + '.' + el.className; })
  };
})()"""

LISTS = ["top_pages", "entry_pages", "exit_pages", "referrers", "utm_sources", "utm_mediums", "utm_campaigns",
         "countries", "browsers", "os", "devices", "custom_events"]
KEYS = {"top_pages": "path", "entry_pages": "path", "exit_pages": "path", "referrers": "host", "utm_sources": "value",
        "utm_mediums": "value", "utm_campaigns": "value", "countries": "code", "browsers": "name", "os": "name",
        "devices": "name", "custom_events": "name"}


class Page:
    """One tab of a headless Chromium."""

    def __init__(self, browser, width, height):
        self.b = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.s = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Page.enable", session=self.s)
        self.resize(width, height)
        browser.send("Emulation.setEmulatedMedia", {
            "media": "screen", "features": [{"name": "prefers-color-scheme", "value": "light"}]}, session=self.s)

    def resize(self, width, height):
        self.width, self.height = width, height
        self.b.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}, session=self.s)

    def js(self, expression, wait=False):
        r = self.b.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": wait},
                        session=self.s)
        if "exceptionDetails" in r:
            raise RuntimeError("script failed: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def open(self, url):
        self.b.send("Page.navigate", {"url": url}, session=self.s)
        self.b.wait_event("Page.loadEventFired", self.s)
        return self.js(READY, wait=True)

    def follow(self, action):
        """Runs `action` (a script or a key press) that navigates, and waits for the next view."""
        action()
        self.b.wait_event("Page.loadEventFired", self.s)
        return self.js(READY, wait=True)

    def key(self, key, code, vk):
        for kind in ("rawKeyDown", "keyUp"):
            self.b.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code,
                                                    "windowsVirtualKeyCode": vk}, session=self.s)

    def shot(self, path):
        facts = self.js(FACTS)
        full = max(self.height, min(int(facts["height"]), 16000))
        png = self.b.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": self.width, "height": full, "scale": 1}}, session=self.s)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))
        return facts


def view_query(search):
    """The API query of a dashboard URL's state: its own, with the default period (30 days) when it names none."""
    query = search.lstrip("?")
    q = urllib.parse.parse_qs(query)
    return query if "period" in q or "from" in q else query + "&period=30d"


def api(base, query):
    with urllib.request.urlopen(base + "/api/v1/report?" + query, timeout=60) as r:
        return json.loads(r.read())


def expected_state(base, site, report, listed):
    """What a page should say of a report's completeness: complete; going when only days that
    have not ended (in_progress in the sites list, and later dates) keep it from being complete;
    open when a day that has ended is not complete."""
    if report["complete"]:
        return "complete"
    first, last = report["window"]["start"][:10], report["window"]["end"][:10]
    going = sorted(d["date"] for d in listed.get(site, {}).get("recent_days", []) if d["status"] == "in_progress")
    if not going or last <= going[0]:  # `last` is the day after the report's last day
        return "open"
    last_ended = shift_day(going[0], -1)
    if last_ended < first:
        return "going"
    return "going" if api(base, "site=%s&from=%s&to=%s" % (urllib.parse.quote(site), first, last_ended))["complete"] else "open"


def shift_day(day, n):
    """`day` (YYYY-MM-DD) moved by `n` days."""
    import datetime
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=n)).isoformat()


def sites_list(base):
    with urllib.request.urlopen(base + "/api/v1/sites", timeout=60) as r:
        return {s["site"]: s for s in json.loads(r.read())}


def compare_site_page(facts, both, what, problems, base=None, site=None):
    """The headline, the completeness badge and every table of a site page against the API's answer."""
    if base is not None:
        want = expected_state(base, site, both["current"], sites_list(base))
        if facts["badge"] != want:
            problems.append("%s: the badge says %s, the API's days say %s" % (what, facts["badge"], want))
    t = both["current"]["totals"]
    for k in ["visitors", "visits", "pageviews", "events", "bot_events", "bounce_rate", "visit_duration_avg_s"]:
        shown = facts["kpis"].get(k)
        if shown is None or float(shown) != float(t[k]):
            problems.append("%s: headline %s shows %s, the API says %s" % (what, k, shown, t[k]))
    tables = {x["id"]: x for x in facts["tables"]}
    for name in LISTS:
        rows = both["current"][name]
        if not rows:
            if name in tables:
                problems.append("%s: table %s shown without rows in the API" % (what, name))
            continue
        if name not in tables:
            problems.append("%s: table %s is missing" % (what, name))
            continue
        want = [[r[KEYS[name]]] + [float(v) for k, v in r.items() if k != KEYS[name]] for r in rows]
        got = [[row[0]] + [float(v) for v in row[1:]] for row in tables[name]["rows"]]
        if got != want:
            problems.append("%s: table %s differs from the API: %s vs %s" % (what, name, got[:3], want[:3]))


def look(image_path, facts, width, what, problems):
    """Overflow, a blank chart and blank tables in a screenshot."""
    if facts["scrollWidth"] > width:
        problems.append("%s: page is %dpx wide in a %dpx window: %s" % (what, facts["scrollWidth"], width, facts["wide"]))
    if facts["brokenHeads"]:
        problems.append("%s: table headers break inside a word or overflow their cell: %s" % (what, facts["brokenHeads"]))
    image = Image.open(image_path).convert("RGB")
    background = image.getpixel((1, 1))
    chart = facts["chart"]
    if chart is not None:
        if chart["w"] < 100 or chart["h"] < 100:
            problems.append("%s: chart too small: %s" % (what, chart))
        elif not facts["nodata"]:
            ink = report_html.fraction(image, chart, lambda p: report_html.near(p, report_html.PAGEVIEWS_RGB))
            facts["chart_pageview_ink"] = ink
            if ink < 0.01:
                problems.append("%s: chart shows no pageview bars (%.4f of its pixels)" % (what, ink))
    for t in facts["tables"]:
        ink = report_html.fraction(image, t, lambda p: sum(abs(a - b) for a, b in zip(p, background)) > 60)
        if len(t["rows"]) == 0 or ink < 0.004:
            problems.append("%s: table %s looks blank (%d rows, %.4f ink)" % (what, t["id"], len(t["rows"]), ink))


def run(binary, base, site, out_dir, custom_from, custom_to, day):
    problems, facts_out, shots = [], {}, []
    with report_html.tempfile.TemporaryDirectory() as profile:
        browser = report_html.Browser(binary, profile)
        try:
            page = Page(browser, 1280, 900)
            # 1. The site list: each card's numbers are the API's last 30 days.
            state = page.open(base + "/")
            if state != "list":
                problems.append("site list did not load: %s" % state)
                return problems, facts_out, shots
            for width in (1280, 390):
                page.resize(width, 844 if width < 600 else 900)
                path = os.path.join(out_dir, "list-%d.png" % width)
                facts = page.shot(path)
                shots.append(path)
                look(path, facts, width, "list at %dpx" % width, problems)
            page.resize(1280, 900)
            facts = page.js(FACTS)
            facts_out["list"] = facts["cards"]
            listed = sites_list(base)
            for card in facts["cards"]:
                want = [[d["date"], d["status"]] for d in listed.get(card["site"], {}).get("recent_days", [])]
                if not want or card["recent"] != want:
                    problems.append("list: %s marks recent days %s, the API says %s" % (card["site"], card["recent"], want))
                # Only days that have ended count as not complete; a day in progress is no alert.
                open_days = [d for d, status in want if status not in ("complete", "empty", "in_progress")]
                if card["open"] != len(open_days):
                    problems.append("list: %s counts %s recent days not complete (%r), the API's ended days say %d"
                                    % (card["site"], card["open"], card["note"], len(open_days)))
                if card["alarming"]:
                    problems.append("list: %s draws days in progress in the alert colour: %s" % (card["site"], card["alarming"]))
                both = api(base, "site=%s&period=30d&compare=previous" % urllib.parse.quote(card["site"]))
                # A card warns only of days that have ended and are not complete.
                state = expected_state(base, card["site"], both["current"], listed)
                if card["warned"] != (state == "open"):
                    problems.append("list: %s %s 'Incomplete days', the API's days say %s"
                                    % (card["site"], "shows" if card["warned"] else "does not show", state))
                for k, v in card["nums"].items():
                    if int(v) != both["current"]["totals"][k]:
                        problems.append("list: %s %s shows %s, the API says %s" % (card["site"], k, v, both["current"]["totals"][k]))
                if card["bars"] != len(both["current"]["series"]):
                    problems.append("list: %s has %d bars for %d days" % (card["site"], card["bars"], len(both["current"]["series"])))
            if site not in [c["site"] for c in facts["cards"]]:
                problems.append("list: no card for %s" % site)
                return problems, facts_out, shots

            # 2. Open the site from its card.
            state = page.follow(lambda: page.js(
                "document.querySelector('a.site-card[data-site=\"%s\"]').click()" % site))
            facts = page.js(FACTS)
            if state != "site" or "site=" not in facts["url"]:
                problems.append("opening %s from the list: %s at %s" % (site, state, facts["url"]))
                return problems, facts_out, shots
            compare_site_page(facts, api(base, view_query(facts["url"]) + "&compare=previous"), "default view", problems, base, site)
            facts_out["badges"] = {"default": facts["badge"]}

            # 3. "7 days" with the keyboard: Tab until it has focus, then Enter.
            for _ in range(40):
                page.key("Tab", "Tab", 9)
                if page.js("document.activeElement && document.activeElement.textContent") == "7 days":
                    break
            else:
                problems.append("the 7 days link cannot be reached with Tab")
            state = page.follow(lambda: page.key("Enter", "Enter", 13))
            facts = page.js(FACTS)
            facts_out["week"] = {"url": facts["url"], "kpis": facts["kpis"], "bars": facts["bars"]}
            if state != "site" or "period=7d" not in facts["url"]:
                problems.append("after Enter on 7 days: %s at %s" % (state, facts["url"]))
            else:
                both = api(base, view_query(facts["url"]) + "&compare=previous")
                compare_site_page(facts, both, "7 days", problems, base, site)
                facts_out["badges"]["7 days"] = facts["badge"]
                if facts["bars"] != 7:
                    problems.append("7 days: %d bars in the chart" % facts["bars"])
                for width in (1280, 390):
                    page.resize(width, 844 if width < 600 else 900)
                    path = os.path.join(out_dir, "site-7d-%d.png" % width)
                    f = page.shot(path)
                    shots.append(path)
                    look(path, f, width, "7 days at %dpx" % width, problems)
                page.resize(1280, 900)

            # 4. A custom range through the form.
            script = ("document.getElementById('from').value='%s';document.getElementById('to').value='%s';"
                      "document.getElementById('custom').requestSubmit()") % (custom_from, custom_to)
            state = page.follow(lambda: page.js(script))
            facts = page.js(FACTS)
            facts_out["custom"] = {"url": facts["url"], "kpis": facts["kpis"], "bars": facts["bars"]}
            expected_query = "from=%s&to=%s" % (custom_from, custom_to)
            if state != "site" or expected_query not in facts["url"]:
                problems.append("custom range: %s at %s" % (state, facts["url"]))
            else:
                both = api(base, "site=%s&%s&compare=previous" % (urllib.parse.quote(site), expected_query))
                compare_site_page(facts, both, "custom range", problems, base, site)
                facts_out["badges"]["custom"] = facts["badge"]
                if facts["bars"] != len(both["current"]["series"]):
                    problems.append("custom range: %d bars for %d days" % (facts["bars"], len(both["current"]["series"])))

            # 5. One day: the chart is per hour.
            state = page.open(base + "/?site=%s&period=day&date=%s" % (urllib.parse.quote(site), day))
            facts = page.js(FACTS)
            facts_out["day"] = {"url": facts["url"], "bars": facts["bars"]}
            both = api(base, "site=%s&period=day&date=%s&compare=previous" % (urllib.parse.quote(site), day))
            compare_site_page(facts, both, "one day", problems, base, site)
            facts_out["badges"]["day"] = facts["badge"]
            if facts["bars"] not in (23, 24, 25):
                problems.append("one day: %d bars, not one per hour" % facts["bars"])
            path = os.path.join(out_dir, "site-day-390.png")
            page.resize(390, 844)
            f = page.shot(path)
            shots.append(path)
            look(path, f, 390, "one day at 390px", problems)
        finally:
            browser.close()
    return problems, facts_out, shots


def main():
    args = sys.argv[1:]
    opts = {}
    for name in ("--chromium", "--from", "--to", "--date"):
        if name in args:
            i = args.index(name)
            opts[name] = args[i + 1]
            del args[i:i + 2]
    binary = opts.get("--chromium") or shutil.which("chromium") or "chromium"
    base, site, out_dir = args[0].rstrip("/"), args[1], os.path.abspath(args[2])
    os.makedirs(out_dir, exist_ok=True)
    try:
        problems, facts, shots = run(binary, base, site, out_dir, opts["--from"], opts["--to"], opts["--date"])
    except Exception as e:  # Chromium missing, crashed or refused a command.
        print(json.dumps({"error": "could not drive %s: %s: %s" % (binary, type(e).__name__, e)}))
        return 2
    print(json.dumps({"problems": problems, "facts": facts, "screenshots": shots}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
