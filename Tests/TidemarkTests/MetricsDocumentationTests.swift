import Foundation
import Testing
import HummingbirdTesting
import TidemarkTesting

/// `/metrics` as a real Prometheus parser (`prometheus_client`) reads it,
/// against docs/METRICS.md: every documented series is exported with exactly
/// its documented labels, nothing undocumented is exported, and label values
/// stay within the documented sets.
@Suite("Collector metrics match their documentation")
struct MetricsDocumentationTests {
    /// One row of the table in docs/METRICS.md.
    struct DocumentedSeries: Equatable {
        var name: String
        var type: String
        var labels: Set<String>
        /// Backticked values in the meaning column (the documented label values).
        var values: Set<String>
    }

    /// A sample as the parser gives it.
    struct ParsedSample: Decodable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// A metric family as the parser gives it.
    struct ParsedFamily: Decodable {
        var name: String
        var type: String
        var samples: [ParsedSample]
    }

    /// The collector's table: the document up to its "Job metrics" section.
    static func documented() throws -> [DocumentedSeries] {
        let whole = try String(
            contentsOf: try TestDirectories.packageRoot().appendingPathComponent("docs/METRICS.md"), encoding: .utf8)
        let text = whole.components(separatedBy: "\n## Job metrics").first ?? whole
        func ticked(_ cell: Substring) -> [String] {
            cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
                .map { String($0.element) }
        }
        return text.split(separator: "\n").compactMap { line -> DocumentedSeries? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 5, cells[1].hasPrefix("`tidemark_") else { return nil }
            return DocumentedSeries(
                name: ticked(Substring(cells[1])).first ?? "", type: cells[2], labels: Set(ticked(Substring(cells[3]))),
                values: Set(ticked(Substring(cells[4]))))
        }
    }

    static func parse(_ exposition: String) async throws -> [ParsedFamily] {
        let dir = try TempDir("prom")
        defer { dir.cleanup() }
        let path = dir.path + "/metrics.txt"
        try exposition.write(toFile: path, atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for f in text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()):
                out.append({"name": f.name, "type": f.type,
                            "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
            print(json.dumps(out))
            """
        let result = try await ExternalTool.run(try ExternalTool.path("python"), ["-c", script, path])
        guard result.status == 0 else {
            throw CollectorTestError("prometheus_client could not parse /metrics (\(result.status)): \(result.stderr.suffix(2000))")
        }
        return try JSONDecoder().decode([ParsedFamily].self, from: Data(result.stdout.utf8))
    }

    @Test func everyDocumentedSeriesIsExportedWithItsLabelsAndNothingElse() async throws {
        let docs = try Self.documented()
        #expect(docs.count >= 15)
        let c = try InProcessCollector("cmdoc")
        defer { c.dir.cleanup() }
        let exposition = try await c.run { client, _ in
            _ = try await client.post(CollectorHits.batch(0..<3).body)
            _ = try await client.post(#"{"site":"nope.org","url":"/"}"#)
            _ = try await client.get("/p.gif?site=example.com&url=%2Fa")
            _ = try await client.get("/healthz")
            _ = try await client.get("/nowhere")
            _ = try await client.get("/metrics")
            return try await client.get("/metrics").text
        }
        let families = try await Self.parse(exposition)

        // Counters lose `_total` in the parser's family name; samples keep it.
        var samples: [String: [ParsedSample]] = [:]
        for f in families { for s in f.samples { samples[s.name, default: []].append(s) } }
        var expectedSampleNames: Set<String> = []
        for series in docs {
            let names = series.type == "histogram"
                ? [series.name + "_bucket", series.name + "_sum", series.name + "_count"] : [series.name]
            expectedSampleNames.formUnion(names)
            let type = families.first { $0.samples.contains { names.contains($0.name) } }?.type
            #expect(type == series.type, "\(series.name): exported as \(type ?? "nothing"), documented as \(series.type)")
            for name in names {
                let got = samples[name] ?? []
                #expect(!got.isEmpty, "\(name) is documented but not exported")
                for s in got {
                    let labels = Set(s.labels.keys).subtracting(name.hasSuffix("_bucket") ? ["le"] : [])
                    #expect(labels == series.labels, "\(name) has labels \(labels.sorted()), documented \(series.labels.sorted())")
                }
            }
        }
        let undocumented = Set(samples.keys).subtracting(expectedSampleNames)
        #expect(undocumented.isEmpty, "exported but not documented: \(undocumented.sorted())")

        // Label values: every route and reason seen is a documented one, and
        // every route the test used is recorded (health checks and scrapes too).
        for (label, series) in [("route", "tidemark_http_requests_total"), ("reason", "tidemark_events_rejected_total")] {
            let allowed = try #require(docs.first { $0.name == series }).values
            let seen = Set((samples[series] ?? []).compactMap { $0.labels[label] })
            #expect(seen.isSubset(of: allowed), "\(series) \(label) values \(seen.subtracting(allowed).sorted()) are not documented")
        }
        let routes = Set((samples["tidemark_http_requests_total"] ?? []).compactMap { $0.labels["route"] })
        #expect(routes == ["/api/event", "/p.gif", "/healthz", "/metrics", "other"])
        let regions = Set((samples["tidemark_region_queued_segments"] ?? []).compactMap { $0.labels["region"] })
        #expect(regions == ["eu", "us", "ap"])
    }
}
