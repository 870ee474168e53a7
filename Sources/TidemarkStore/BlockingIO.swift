import Dispatch

/// Runs blocking calls (fsync, file reads) on Dispatch's threads so they never
/// hold one of the two threads of Swift's cooperative pool.
package enum BlockingIO {
    /// Runs `work` off the cooperative pool and returns its result.
    package static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
