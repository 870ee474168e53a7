import Dispatch

/// Runs blocking calls (fsync, file reads) on Dispatch's threads so they never
/// hold one of the two threads of Swift's cooperative pool.
package enum BlockingIO {
    /// How the work competes for the CPU with the rest of the process.
    package enum Priority: Sendable {
        /// Someone waits for the result (the default).
        case normal
        /// Work that can wait, such as the collector's sealing and hand-off
        /// uploads: it runs on Dispatch's `.background` queue, whose threads
        /// run at nice 10 on Linux, so a region catching up yields the CPU to
        /// the event loops answering requests (BENCHMARKS.md, "Collector
        /// while a region catches up").
        case background
    }

    /// Runs `work` off the cooperative pool, at `priority`, and returns its result.
    package static func run<T: Sendable>(
        _ priority: Priority = .normal, _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        let queue = priority == .background ? DispatchQueue.global(qos: .background) : DispatchQueue.global()
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
