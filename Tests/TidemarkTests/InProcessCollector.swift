import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import TidemarkCollector
import TidemarkIngest
import TidemarkStore

/// A collector built in process by `CollectorApplication` over three
/// local-directory regions (eu, us, ap), driven through HummingbirdTesting:
/// the HTTP surface without starting the binary.
struct InProcessCollector {
    let dir: TempDir
    let settings: CollectorSettings

    /// Settings of a small deployment: two accepted sites, a trusted
    /// loopback proxy and a country header; `adjust` changes them further.
    init(_ label: String, adjust: (inout CollectorSettings) -> Void = { _ in }) throws {
        dir = try TempDir(label)
        var settings = CollectorSettings(
            prefix: "tm", sites: ["example.com", "shop.example.com"], spoolRoot: dir.path + "/spool", collectorID: "c1",
            host: "127.0.0.1", port: 0, saltSecret: Array("in-process-secret".utf8),
            trustedProxies: ["127.0.0.0/8", "::1/128"].compactMap { IPRange($0) }, countryHeader: "CF-IPCountry",
            sealAgeSeconds: 0.5)
        adjust(&settings)
        self.settings = settings
    }

    /// The stores of the three regions.
    var stores: [any ObjectStore] {
        ["eu", "us", "ap"].map { FileStore(name: $0, root: dir.path + "/regions/" + $0) }
    }

    /// Builds the collector and runs `test` against it. `.router` answers without a socket (no peer
    /// address); `.live` listens on a loopback port. With `shipping`, the shipper and the region
    /// loops run too, and when `test` returns they are shut down gracefully (the final seal and
    /// upload), so the regions hold what was accepted.
    func run<Value: Sendable>(
        _ setup: TestingSetup = .router, shipping: Bool = false,
        _ test: @escaping @Sendable (any TestClientProtocol, CollectorApplication) async throws -> Value
    ) async throws -> Value {
        let collector = try CollectorApplication(
            settings: settings, stores: stores, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        var app = collector.application
        if shipping { app.addServices(collector.backgroundServices) }
        return try await app.test(setup) { client in try await test(client, collector) }
    }

    /// Event lines stored in `region`.
    func lines(in region: String) throws -> [String] { try localRegionLines(dir.path + "/regions/" + region) }
}

extension TestClientProtocol {
    /// POSTs `body` to `/api/event`.
    func post(_ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: "/api/event", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// GETs `uri`.
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }
    /// The JSON body as a dictionary.
    var json: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]) ?? [:]
    }
    /// `accepted` of a JSON answer, -1 when missing.
    var accepted: Int { (json["accepted"] as? NSNumber)?.intValue ?? -1 }
    /// The `reason` of each error in a JSON answer.
    var reasons: [String] { ((json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["reason"] as? String } }

    /// `/metrics` value of a sample line (`name{labels}`), or nil.
    func metric(_ sample: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1))
        }
        return nil
    }
}

extension HTTPFields {
    /// Fields from name/value pairs (names that are not valid HTTP field names are skipped).
    init(_ pairs: [(String, String)]) {
        self.init()
        for (name, value) in pairs {
            if let field = HTTPFields.Element.Name(name) { self[field] = value }
        }
    }
}
