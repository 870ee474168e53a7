import Foundation
import Testing
import TidemarkCore
import TidemarkJobs
import TidemarkReports
import TidemarkTesting

/// `Schemas/` against real outputs and inputs: reports and manifests the
/// engine writes, the job definitions in `Jobs/`, and a `tidemark.yml` with
/// every key; and per schema a broken document that must be rejected. Uses
/// Python's `jsonschema` (and PyYAML for YAML) from the test venv.
@Suite struct SchemaTests {
    /// Validates `documents` (name → JSON or YAML text) against `Schemas/{schema}`;
    /// returns each document's error messages.
    static func validate(_ schema: String, _ documents: [String: String]) async throws -> [String: [String]] {
        let root = try TestDirectories.packageRoot()
        let folder = try TestDirectories.newRunDirectory().appendingPathComponent("schemas")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var paths: [String: String] = [:]
        for (name, text) in documents {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            paths[path] = name
        }
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            out = {}
            for path in sys.argv[2:]:
                text = open(path, encoding="utf-8").read()
                doc = yaml.safe_load(text) if path.endswith((".yml", ".yaml")) else json.loads(text)
                out[path] = sorted("/".join(map(str, e.absolute_path)) + ": " + e.message for e in validator.iter_errors(doc))
            print(json.dumps(out))
            """
        let schemaPath = root.appendingPathComponent("Schemas/" + schema).path
        let result = try await ExternalTool.run(
            try ExternalTool.path("python"), ["-c", script, schemaPath] + paths.keys.sorted())
        guard result.status == 0,
            let decoded = try? JSONDecoder().decode([String: [String]].self, from: Data(result.stdout.utf8))
        else {
            Issue.record("validator failed (\(result.status)): \(result.stderr.suffix(2000)); run scripts/setup.sh")
            return [:]
        }
        var out: [String: [String]] = [:]
        for (path, errors) in decoded { out[paths[path] ?? path] = errors }
        return out
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: try TestDirectories.packageRoot().appendingPathComponent(relative), encoding: .utf8)
    }

    @Test func reportsTheEngineWritesMatchTheReportSchema() async throws {
        var docs: [String: String] = [:]
        for name in GoldenCaseNames.all {
            docs[name + ".json"] = ReportJSONWriter.string(try GoldenCaseNames.report(name))
            docs[name + "-golden.json"] = try Self.text("Fixtures/reports/\(name)/report.json")
        }
        docs["shop-day.json"] = ReportJSONWriter.string(try HTMLScreenshotTests.shopDay().report)
        let errors = try await Self.validate("report.v2.schema.json", docs)
        #expect(errors.count == docs.count)
        for (name, e) in errors { #expect(e == [], "\(name)") }
    }

    @Test func brokenReportsAreRejected() async throws {
        let good = ReportJSONWriter.string(try GoldenCaseNames.report("daily-mixed"))
        let hourly = ReportJSONWriter.string(try GoldenCaseNames.report("hourly-lookback"))
        let docs = [
            "extra-key.json": good.replacingOccurrences(of: "\"report_version\": 2,", with: "\"report_version\": 2, \"x\": 0,"),
            "missing-inputs.json": String(good[..<(good.range(of: ",\n  \"inputs\"")?.lowerBound ?? good.endIndex)]) + "\n}\n",
            "string-count.json": good.replacingOccurrences(of: "\"pageviews\": 9,", with: "\"pageviews\": \"9\","),
            "bad-row.json": good.replacingOccurrences(of: "\"code\": \"NL\"", with: "\"code\": \"nl\""),
            "hourly-with-entry.json": hourly.replacingOccurrences(
                of: "\"entry_pages\": []", with: "\"entry_pages\": [{\"path\": \"/\", \"visits\": 1}]"),
        ]
        let errors = try await Self.validate("report.v2.schema.json", docs)
        #expect(errors.count == docs.count)
        for (name, e) in errors { #expect(!e.isEmpty, "\(name) was accepted") }
    }

    @Test func manifestsMatchTheManifestSchema() async throws {
        let day = Timestamp.parseDay("2026-11-26") ?? 0
        func segment(_ hour: Int, _ n: Int) -> ManifestSegment {
            let sha = String(repeating: String(n, radix: 16), count: 64)
            let key = SegmentKey(
                prefix: "tm", site: "example.com", hour: UTCHour(day: day, hour: hour),
                segmentID: "c1-\(n)-" + sha.prefix(16)
            ).key
            return ManifestSegment(key: key, sha256: sha)
        }
        let hourly = ReportManifest(
            window: .hourly(site: "example.com", hour: UTCHour(day: day, hour: 10)),
            segments: [segment(10, 2), segment(10, 1)], lookback: [segment(9, 3)], complete: false)
        let daily = ReportManifest(window: .daily(site: "example.com", day: day), segments: [segment(0, 4)])
        let empty = ReportManifest(window: .daily(site: "shop.example.com", day: day), segments: [])
        let amsterdam = try #require(SiteZone(identifier: "Europe/Amsterdam"))
        let zoned = ReportManifest(
            window: .daily(site: "shop.example.com", day: day, zone: amsterdam), segments: [segment(23, 5)])
        let good = try await Self.validate(
            "manifest.v2.schema.json",
            [
                "hourly.json": hourly.jsonString, "daily.json": daily.jsonString, "empty.json": empty.jsonString,
                "zoned.json": zoned.jsonString,
            ])
        #expect(good.count == 4)
        for (name, e) in good { #expect(e == [], "\(name)") }

        let bad = try await Self.validate(
            "manifest.v2.schema.json",
            [
                "short-sha.json": hourly.jsonString.replacingOccurrences(
                    of: String(repeating: "1", count: 64), with: "11"),
                "no-lookback.json": daily.jsonString.replacingOccurrences(
                    of: ",\n  \"lookback_segments\": []", with: ""),
            ])
        #expect(bad.count == 2)
        for (name, e) in bad { #expect(!e.isEmpty, "\(name) was accepted") }
    }

    /// A `tidemark.yml` that sets every key `TidemarkConfiguration` reads.
    static let fullConfiguration = """
        prefix: tidemark
        sites:
          - example.com
          - name: shop.example.com
            time_zone: Europe/Amsterdam
        regions:
          - name: eu
            endpoint: https://s3.eu-west-1.example.net
            bucket: tidemark-eu
            region: eu-west-1
            access_key_env: TM_EU_KEY
            secret_key_env: TM_EU_SECRET
            ca_bundle: /etc/ssl/private-ca.pem
            connect_timeout_ms: 2000
            timeout_ms: 10000
            low_speed_seconds: 10
          - name: us
            endpoint: http://127.0.0.1:9010
            bucket: tidemark-us
            access_key_env: TM_US_KEY
            secret_key_env: TM_US_SECRET
          - name: local
            endpoint: file:///var/lib/tidemark/local
        spool: ./tidemark-data/spool
        collector:
          id: c1
          listen: 127.0.0.1:8080
          salt_secret_env: TM_SALT_SECRET
          trusted_proxies: [10.0.0.0/8, "::1"]
          country_header: CF-IPCountry
          max_body_bytes: 65536
          spool_limit_bytes: 1073741824
          seal_age_seconds: 30
          seal_bytes: 4194304
          shutdown_grace_seconds: 10
          retry_after_seconds: 30
          max_field_bytes: 2048
          max_name_bytes: 128
        serve:
          listen: 127.0.0.1:8787
          token_env: TM_SERVE_TOKEN
        jobs: ./Jobs
        reports:
          local_dir: ./tidemark-data/reports
          formats: [json, csv, html]

        """

    @Test func configurationsMatchTheConfigSchema() async throws {
        let minimal = "regions:\n  - name: eu\n    endpoint: file://./tidemark-data/regions/eu\n"
        let docs = ["full.yml": Self.fullConfiguration, "minimal.yml": minimal]
        let good = try await Self.validate("config.schema.json", docs)
        #expect(good.count == docs.count)
        for (name, e) in good { #expect(e == [], "\(name)") }

        let bad = try await Self.validate(
            "config.schema.json",
            [
                "typo.yml": Self.fullConfiguration.replacingOccurrences(of: "spool: ./", with: "spoool: ./"),
                "s3-without-keys.yml": "regions:\n  - name: eu\n    endpoint: https://s3.example.net\n    bucket: b\n",
                "no-regions.yml": "prefix: tm\n",
                "bad-format.yml": minimal + "reports:\n  formats: [pdf]\n",
                "secret-in-file.yml": Self.fullConfiguration.replacingOccurrences(
                    of: "access_key_env: TM_EU_KEY", with: "access_key: AKIAEXAMPLE"),
            ])
        #expect(bad.count == 5)
        for (name, e) in bad { #expect(!e.isEmpty, "\(name) was accepted") }
    }

    @Test func jobDefinitionsMatchTheJobSchema() async throws {
        let root = try TestDirectories.packageRoot().appendingPathComponent("Jobs")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yml") }
        #expect(names.count >= 3)
        var docs: [String: String] = [:]
        for name in names {
            docs[name] = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
            // The runner reads them too.
            #expect(throws: Never.self) { try JobCatalog.load(file: root.appendingPathComponent(name).path) }
        }
        docs["every-key.yml"] = "name: nightly\nreport: daily\nsites: [example.com]\ndelay: 2h\nlookback: 7d\nformats: [json, html]\n"
        docs["kind-alias.yml"] = "kind: hourly\n"
        let good = try await Self.validate("job.schema.json", docs)
        #expect(good.count == docs.count)
        for (name, e) in good { #expect(e == [], "\(name)") }

        let bad = try await Self.validate(
            "job.schema.json",
            [
                "bad-kind.yml": "report: yearly\n", "bad-delay.yml": "report: daily\ndelay: soon\n",
                "no-kind.yml": "delay: 2h\n", "typo.yml": "report: daily\nlookbak: 7d\n",
                "bad-format.yml": "report: daily\nformats: [pdf]\n",
            ])
        #expect(bad.count == 5)
        for (name, e) in bad { #expect(!e.isEmpty, "\(name) was accepted") }
    }
}

/// Daily partials and period manifests against their schemas.
@Suite struct PartialSchemaTests {
    static func partial() throws -> DailyPartial {
        let day = Timestamp.parseDay("2026-11-26") ?? 0
        var builder = DailyReportBuilder(site: "example.com", day: day)
        var events: [Event] = []
        for line in TestEvents.lines(count: 200, seed: 4, sites: ["example.com"]) {
            if case .event(let e) = EventParser.parse(line) { events.append(e) }
        }
        for hour in builder.window.hours {
            let inHour = events.filter { $0.hour == hour }
            if !inHour.isEmpty { try builder.addHour(hour, events: inHour) }
        }
        var p = builder.finishWithPartial(
            reader: ReaderCounts(segments: 4, eventsRead: events.count, invalidLines: 0), complete: true
        ).partial
        p.manifestSHA256 = String(repeating: "0f", count: 32)
        return p
    }

    @Test func partialsMatchThePartialSchemaAndBrokenOnesDoNot() async throws {
        let p = try Self.partial()
        #expect(p.totals.pageviews == 200)
        let good = String(decoding: p.jsonBytes, as: UTF8.self)
        let docs = [
            "good.json": good,
            "newer.json": good.replacingOccurrences(of: "\"partial_version\":1", with: "\"partial_version\":2"),
            "cut-row.json": good.replacingOccurrences(of: "\"top_pages\":[[\"/\",", with: "\"top_pages\":[[\"/\","
                + "\"x\","),
            "no-duration.json": good.replacingOccurrences(of: "\"visit_duration_ms\":", with: "\"duration\":"),
        ]
        let errors = try await SchemaTests.validate("partial.v1.schema.json", docs)
        #expect(errors.count == docs.count)
        #expect(errors["good.json"] == [])
        for name in ["newer.json", "cut-row.json", "no-duration.json"] {
            #expect(errors[name]?.isEmpty == false, "\(name) was accepted")
        }
    }

    @Test func periodManifestsMatchTheirSchema() async throws {
        let day = Timestamp.parseDay("2026-11-23") ?? 0
        let week = ReportWindow.weekly(site: "example.com", containing: day) { Int64($0) * 86_400 }
        let m = PeriodManifest(
            window: week, complete: true,
            partials: [
                ManifestSegment(
                    key: "tidemark/reports/daily/site=example.com/date=2026-11-24/partial.json.gz",
                    sha256: String(repeating: "a", count: 64))
            ])
        let errors = try await SchemaTests.validate(
            "period-manifest.v1.schema.json",
            ["good.json": m.jsonString, "bad.json": m.jsonString.replacingOccurrences(of: "\"partials\"", with: "\"segments\"")])
        #expect(errors["good.json"] == [])
        #expect(errors["bad.json"]?.isEmpty == false)
    }

    /// The pinned manifest bytes of every kind (Fixtures/manifests, which the
    /// writers must reproduce byte for byte) match their schemas.
    @Test func goldenManifestsMatchTheirSchemas() async throws {
        let folder = try TestDirectories.packageRoot().appendingPathComponent("Fixtures/manifests")
        var report: [String: String] = [:]
        var period: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if text.contains("\"partials\"") { period[name] = text } else { report[name] = text }
        }
        #expect(report.count >= 4 && period.count >= 3)
        let errors = try await SchemaTests.validate("manifest.v2.schema.json", report)
            .merging(try await SchemaTests.validate("period-manifest.v1.schema.json", period)) { a, _ in a }
        #expect(errors.count == report.count + period.count)
        for (name, e) in errors { #expect(e == [], "\(name)") }
    }
}
