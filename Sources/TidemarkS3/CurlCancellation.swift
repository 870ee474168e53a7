import Synchronization

/// A flag the awaiting task sets when it is cancelled, read by the worker
/// thread before a transfer starts and by the progress callback during it
/// (which then aborts the transfer), so cancelling an S3 call ends it within
/// about a second, whatever the server does.
final class CurlCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// True once ``cancel()`` was called.
    var isCancelled: Bool { flag.load(ordering: .acquiring) }

    /// Asks the transfer to stop.
    func cancel() { flag.store(true, ordering: .releasing) }
}
