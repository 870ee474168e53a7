import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

@Suite struct WriterTests {
    static func sample() throws -> Report {
        try E.daily([
            E.make(id: 1, "10:00:00.000", visitor: 1, path: "/a,b\"c", ref: "x\ny.example"),
            E.make(id: 2, "10:01:00.000", visitor: 2, path: "/<script>alert('x')</script>&"),
            E.make(id: 3, "10:02:00.000", visitor: 3, type: .event, name: "tab\there \u{1}"),
        ])
    }

    @Test func jsonKeysAppearInSpecOrder() throws {
        let text = ReportJSONWriter.string(try Self.sample())
        let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            String($0.dropFirst(3).prefix { $0 != "\"" })
        }
        #expect(topKeys == [
            "report_version", "site", "window", "complete", "totals", "series", "top_pages", "entry_pages",
            "exit_pages", "referrers", "utm_sources", "utm_mediums", "utm_campaigns", "countries", "browsers", "os",
            "devices", "custom_events", "inputs",
        ])
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"bounce_rate\": 0.6667,"))
    }

    @Test func jsonEscapesStrings() throws {
        let text = ReportJSONWriter.string(try Self.sample())
        #expect(text.contains(#""path": "/a,b\"c""#))
        #expect(text.contains(#""host": "x\ny.example""#))
        #expect(text.contains(#""name": "tab\there \u0001""#))
    }

    @Test func csvQuotesPerRFC4180WithCRLF() throws {
        let text = ReportCSVWriter.string(try Self.sample())
        #expect(text.contains("\r\ntop_pages,\"/a,b\"\"c\",1,1\r\n"))
        #expect(text.contains("\r\nreferrers,\"x\ny.example\",1\r\n"))
        #expect(text.hasPrefix("table,report_version,site,kind,start,end,time_zone,complete\r\nreport,2,example.com,daily,"))
        // One header row per section: report, totals, series, 12 top lists, inputs.
        #expect(text.components(separatedBy: "\r\ntable,").count == 16)
        #expect(text.contains("\r\n\r\ntable,inputs") == false)
        #expect(text.contains("\r\n\r\ntable,segments,events_read,duplicates_dropped,invalid_lines\r\ninputs,1,3,0,0\r\n"))
        #expect(text.contains("totals,3,2,3,1,0.6667,0.0,0\r\n") == false)
        #expect(text.contains("\r\ntotals,2,1,3,3,2,0.6667,0.0,0\r\n"))
    }

    @Test func htmlIsEscapedSelfContainedAndResponsive() throws {
        let html = ReportHTMLWriter.string(try Self.sample())
        #expect(!html.contains("<script"))
        #expect(html.contains("/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("@media print"))
        #expect(html.contains("<svg viewBox="))
        #expect(html.contains("<polyline class=\"vs\""))
        for external in ["src=", "href=", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
        #expect(html.contains("Entry pages"))
    }

    @Test func hourlyHTMLLeavesOutDailyOnlyParts() throws {
        let html = ReportHTMLWriter.string(try E.hourly(10, [E.make(id: 1, "10:00:00.000")]))
        #expect(!html.contains("Entry pages"))
        #expect(!html.contains("Bounce rate"))
        #expect(html.contains("2026-11-26 10:00–11:00 UTC"))
    }

    @Test func manifestSortsSegmentsByKeyBytes() {
        let w = ReportWindow.hourly(site: "example.com", hour: UTCHour(day: E.day, hour: 7))
        let m = ReportManifest(
            window: w,
            segments: [
                ManifestSegment(key: "tm/events/site=example.com/date=2026-11-26/hour=07/b.ndjson.gz", sha256: "bb"),
                ManifestSegment(key: "tm/events/site=example.com/date=2026-11-26/hour=07/B.ndjson.gz", sha256: "cc"),
                ManifestSegment(key: "tm/events/site=example.com/date=2026-11-26/hour=07/a.ndjson.gz", sha256: "aa"),
            ],
            lookback: [ManifestSegment(key: "tm/events/site=example.com/date=2026-11-26/hour=06/z.ndjson.gz", sha256: "dd")])
        #expect(m.jsonString == """
            {
              "manifest_version": 2,
              "site": "example.com",
              "window": {
                "kind": "hourly",
                "start": "2026-11-26T07:00:00Z",
                "end": "2026-11-26T08:00:00Z",
                "time_zone": "UTC"
              },
              "complete": true,
              "segments": [
                {
                  "key": "tm/events/site=example.com/date=2026-11-26/hour=07/B.ndjson.gz",
                  "sha256": "cc"
                },
                {
                  "key": "tm/events/site=example.com/date=2026-11-26/hour=07/a.ndjson.gz",
                  "sha256": "aa"
                },
                {
                  "key": "tm/events/site=example.com/date=2026-11-26/hour=07/b.ndjson.gz",
                  "sha256": "bb"
                }
              ],
              "lookback_segments": [
                {
                  "key": "tm/events/site=example.com/date=2026-11-26/hour=06/z.ndjson.gz",
                  "sha256": "dd"
                }
              ]
            }

            """)
        let reordered = ReportManifest(window: w, segments: m.segments.reversed(), lookback: m.lookback)
        #expect(reordered.jsonBytes == m.jsonBytes)
    }
}
