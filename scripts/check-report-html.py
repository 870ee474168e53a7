#!/usr/bin/env python3
"""Renders a Tidemark report.html in headless Chromium and checks that the page
is not broken: the chart is drawn, every top list that has rows shows up as a
table with something in it, and nothing is wider than the window.

    check-report-html.py REPORT.html WIDTH HEIGHT OUT_DIR [--chromium PATH]

Writes OUT_DIR/page-WIDTH.png (a screenshot of the whole page) and prints one
JSON object: {"problems": [...], "facts": {...}, "screenshot": PATH}. Exit
status 0 when the page was rendered and checked (problems may still be
listed), 2 when Chromium could not be driven. Needs Pillow (scripts/setup.sh
installs it into the venv).

Chromium is driven over the DevTools protocol on a pipe (stdlib only), because
a headless window cannot be narrower than 500 px: a width under 600 px is
emulated as a phone (`mobile: true`, so the viewport meta tag applies). The
page itself runs no script; the layout is measured with Runtime.evaluate.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

from PIL import Image

PAGEVIEWS_RGB = (0x4C, 0x6E, 0xF5)  # --pv in the light scheme
VISITS_RGB = (0xF0, 0x8C, 0x00)  # --vs

PROBE = """(function () {
  function box(el) {
    var r = el.getBoundingClientRect();
    return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height};
  }
  var svg = document.querySelector('figure.chart svg');
  return {
    innerWidth: innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    chart: svg ? box(svg) : null,
    nodata: !!document.querySelector('figure.chart .nodata'),
    bars: document.querySelectorAll('figure.chart rect.pv').length,
    kpis: document.querySelectorAll('.kpi').length,
    tables: Array.prototype.map.call(document.querySelectorAll('section.top'), function (s) {
      var body = s.querySelector('tbody');
      var b = body ? box(body) : box(s);
      b.id = s.id;
      b.rows = s.querySelectorAll('tbody tr').length;
      return b;
    }),
    wide: Array.prototype.filter.call(document.querySelectorAll('body *'), function (el) {
      return el.getBoundingClientRect().right > innerWidth + 1;
    }).slice(0, 5).map(function (el) { return el.tagName + '.' + el.className; })
  };
})()"""


class Browser:
    """One headless Chromium spoken to over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary, profile):
        cmd_r, self.cmd_w = os.pipe()
        self.resp_r, resp_w = os.pipe()

        def wire():
            # Through fresh numbers first: dup2 onto the same number would keep close-on-exec.
            a, b = os.dup(cmd_r), os.dup(resp_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--force-device-scale-factor=1", "--remote-debugging-pipe", "--user-data-dir=" + profile,
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # Not close_fds: it would close fds 3 and 4 after `wire` set them up.
            preexec_fn=wire, close_fds=False)
        os.close(cmd_r)
        os.close(resp_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def _read_message(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.resp_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read_message()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, session):
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method and m.get("sessionId") == session:
                    del self.events[i]
                    return m
            self.events.append(self._read_message())

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def render(binary, page, width, height, shot):
    """Loads `page` at `width` x `height`, returns the layout facts and writes a full-page PNG to `shot`."""
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(binary, profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            browser.send("Page.enable", session=session)
            browser.send("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}, session=session)
            browser.send("Emulation.setEmulatedMedia", {
                "media": "screen", "features": [{"name": "prefers-color-scheme", "value": "light"}]}, session=session)
            browser.send("Page.navigate", {"url": "file://" + page}, session=session)
            browser.wait_event("Page.loadEventFired", session)
            facts = browser.send("Runtime.evaluate", {"expression": PROBE, "returnByValue": True},
                                 session=session)["result"]["value"]
            full = max(height, min(int(facts["height"]), 16000))
            png = browser.send("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": full, "scale": 1}}, session=session)["data"]
            with open(shot, "wb") as f:
                f.write(base64.b64decode(png))
            return facts
        finally:
            browser.close()


def near(rgb, target, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(rgb, target))


def fraction(image, box, predicate):
    x0, y0 = max(0, int(box["x"])), max(0, int(box["y"]))
    x1, y1 = min(image.width, int(box["x"] + box["w"])), min(image.height, int(box["y"] + box["h"]))
    if x1 <= x0 or y1 <= y0:
        return 0.0
    crop = image.crop((x0, y0, x1, y1))
    pixels = crop.get_flattened_data() if hasattr(crop, "get_flattened_data") else crop.getdata()
    return sum(1 for p in pixels if predicate(p)) / ((x1 - x0) * (y1 - y0))


def main():
    args = sys.argv[1:]
    binary = shutil.which("chromium") or "chromium"
    if "--chromium" in args:
        i = args.index("--chromium")
        binary = args[i + 1]
        del args[i:i + 2]
    page, width, height = os.path.abspath(args[0]), int(args[1]), int(args[2])
    out_dir = os.path.abspath(args[3])
    os.makedirs(out_dir, exist_ok=True)
    problems = []
    shot = os.path.join(out_dir, "page-%d.png" % width)
    try:
        facts = render(binary, page, width, height, shot)
    except Exception as e:  # Chromium missing, crashed or refused a command.
        print(json.dumps({"error": "could not render %s in %s: %s" % (page, binary, e)}))
        return 2
    image = Image.open(shot).convert("RGB")
    background = image.getpixel((1, 1))

    if facts["scrollWidth"] > width:
        problems.append("page is %dpx wide in a %dpx window: %s" % (facts["scrollWidth"], width, facts["wide"]))
    chart = facts["chart"]
    if chart is None or chart["w"] < 100 or chart["h"] < 100:
        problems.append("chart missing or too small: %s" % chart)
    elif facts["nodata"]:
        pass  # A window without traffic says so instead of drawing bars.
    else:
        facts["chart_pageview_ink"] = fraction(image, chart, lambda p: near(p, PAGEVIEWS_RGB))
        facts["chart_visit_ink"] = fraction(image, chart, lambda p: near(p, VISITS_RGB))
        if facts["chart_pageview_ink"] < 0.02:
            problems.append("chart shows no pageview bars (%.4f of its pixels)" % facts["chart_pageview_ink"])
        if facts["chart_visit_ink"] < 0.002:
            problems.append("chart shows no visits line (%.4f of its pixels)" % facts["chart_visit_ink"])
    for t in facts["tables"]:
        if t["rows"] == 0 or t["h"] < 16 * t["rows"] or t["w"] < 100:
            problems.append("table %s is empty or collapsed: %s" % (t["id"], t))
            continue
        ink = fraction(image, t, lambda p: sum(abs(a - b) for a, b in zip(p, background)) > 60)
        t["ink"] = ink
        if ink < 0.004:
            problems.append("table %s looks blank in the screenshot (%.4f ink)" % (t["id"], ink))
    print(json.dumps({"problems": problems, "facts": facts, "screenshot": shot}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
