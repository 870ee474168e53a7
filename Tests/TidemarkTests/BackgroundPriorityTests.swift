import Foundation
import Testing
@testable import TidemarkS3
import TidemarkStore

/// The collector's sealing, hand-off and upload work runs at background
/// priority so that a region catching up yields the CPU to the requests the
/// collector answers (BENCHMARKS.md, "Collector while a region catches up").
/// Linux keeps a nice value per thread: these read it where the work runs.
@Suite("Background priority for the collector's shipping work")
struct BackgroundPriorityTests {
    /// The nice value of the calling thread, from `/proc/thread-self/stat` (field 19).
    static func threadNice() throws -> Int {
        let stat = try String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8)
        // Fields after the command name, which is in parentheses and may hold spaces.
        guard let close = stat.lastIndex(of: ")") else { throw CollectorTestError("no ')' in \(stat)") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 16, let nice = Int(fields[16]) else { throw CollectorTestError("no nice field in \(stat)") }
        return nice
    }

    @Test("BlockingIO runs background work at a higher nice value than normal work", arguments: [
        BlockingIO.Priority.normal, .background,
    ])
    func blockingIO(priority: BlockingIO.Priority) async throws {
        let normal = try await BlockingIO.run(.normal) { try Self.threadNice() }
        let nice = try await BlockingIO.run(priority) { try Self.threadNice() }
        if priority == .background {
            #expect(nice > normal)
        } else {
            #expect(nice == normal)
        }
    }

    @Test("S3 worker threads run at nice 10 when the configuration asks for background workers", arguments: [false, true])
    func curlWorkers(background: Bool) async throws {
        let pool = CurlWorkerPool(name: "priority-test", maxThreads: 1, background: background)
        defer { pool.shutdown() }
        let processNice = try Self.threadNice()
        let nice = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
            pool.submit { _ in continuation.resume(with: Result { try Self.threadNice() }) }
        }
        #expect(nice == (background ? max(processNice, 10) : processNice))
    }
}
