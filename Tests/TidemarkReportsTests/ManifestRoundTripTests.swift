import Foundation
import Testing
import TidemarkCore
import TidemarkReports

/// Each manifest format is one `Codable` type: its writer's bytes are the
/// golden ones, and encode → decode → encode is the identity both ways.
@Suite struct ManifestRoundTripTests {
    static func golden(_ name: String) throws -> [UInt8] {
        let root = try #require(Fixtures.root).deletingLastPathComponent()
        return Array(try Data(contentsOf: root.appendingPathComponent("manifests/\(name).json")))
    }

    @Test(arguments: ManifestCases.all)
    func writerGivesTheGoldenBytesAndTheyRoundTrip(_ c: ManifestCases.Case) throws {
        let golden = try Self.golden(c.name)
        #expect(String(decoding: golden, as: UTF8.self) == c.text)
        if let m = c.report {
            #expect(m.jsonBytes == golden)
            let read = try JSONDecoder().decode(ReportManifest.self, from: Data(golden))
            #expect(read == m)
            #expect(read.jsonBytes == golden)
        } else {
            let m = try #require(c.period)
            #expect(m.jsonBytes == golden)
            let read = try JSONDecoder().decode(PeriodManifest.self, from: Data(golden))
            #expect(read == m)
            #expect(read.jsonBytes == golden)
        }
    }

    @Test func everyGoldenManifestHasACase() throws {
        let root = try #require(Fixtures.root).deletingLastPathComponent().appendingPathComponent("manifests")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files) == Set(ManifestCases.all.map { $0.name + ".json" }))
        #expect(Set(ManifestCases.all.compactMap { $0.report?.window.kind ?? $0.period?.window.kind }) == Set(ReportKind.allCases))
    }

    /// A manifest from before zones (version 1) reads back, and is written
    /// back as what it is: version 1, no `time_zone`.
    @Test func aVersionOneManifestReadsAndWritesBackWithoutAZone() throws {
        let v1 = """
            {"site":"a.com","window":{"kind":"daily","start":"2026-11-26T00:00:00Z","end":"2026-11-27T00:00:00Z"},
             "segments":[{"key":"tm/events/a","sha256":"11"}]}
            """
        let read = try JSONDecoder().decode(ReportManifest.self, from: Data(v1.utf8))
        #expect(read.manifestVersion == 1 && read.window.timeZone == nil && read.complete && read.lookback.isEmpty)
        #expect(!read.jsonString.contains("time_zone") && read.jsonString.hasPrefix("{\n  \"manifest_version\": 1,\n"))
        #expect(try JSONDecoder().decode(ReportManifest.self, from: Data(read.jsonBytes)) == read)
    }
}
