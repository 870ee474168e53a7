import ArgumentParser
import Foundation
import TidemarkReplication
import TidemarkStore

/// `tidemark status`: regions and the spool's backlog.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each region's reachability and latency and the spool's hand-off backlog.",
        discussion: """
            Exits non-zero when a region is unreachable.

            Example:
              tidemark status --json
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Machine-readable output.")
    var json = false

    func run() async throws {
        let config = try ConfigurationLoader.load(explicitPath: global.config).configuration
        let stores = try RegionFactory.stores(for: config)
        let spool = Spool(root: config.spool, regions: stores.map(\.name))
        let backlog = try spool.backlog()
        var rows: [(String, Bool, Double, String?)] = []
        for store in stores {
            let start = ContinuousClock.now
            var failure: String?
            do {
                _ = try await store.list(prefix: config.prefix + "/watermarks/")
            } catch {
                failure = "\(error)"
            }
            let ms = Double((ContinuousClock.now - start).components.attoseconds / 1_000_000_000_000_000)
                + Double((ContinuousClock.now - start).components.seconds * 1000)
            rows.append((store.name, failure == nil, ms, failure))
        }
        if json {
            var out = "{\"regions\":["
            out += rows.enumerated().map { i, r in
                let b = backlog[i]
                return "{\"name\":\"\(r.0)\",\"reachable\":\(r.1),\"latency_ms\":\(Int(r.2)),\"queued_segments\":\(b.segments),\"queued_bytes\":\(b.bytes)}"
            }.joined(separator: ",")
            out += "]}"
            say(out)
        } else {
            say("REGION  REACHABLE  LATENCY  QUEUED")
            for (i, r) in rows.enumerated() {
                let b = backlog[i]
                say("\(r.0.padding(toLength: 7, withPad: " ", startingAt: 0)) \((r.1 ? "yes" : "NO").padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(Int(r.2)).padding(toLength: 5, withPad: " ", startingAt: 0))ms  \(b.segments) segment(s), \(b.bytes) bytes")
                if let e = r.3 { say("        \(e)") }
            }
        }
        if rows.contains(where: { !$0.1 }) {
            throw ExitCode(2)
        }
    }
}
