import Foundation
import NIOCore
import NIOPosix
import TidemarkStore

#if canImport(Glibc)
import Glibc
#endif

/// The collector's write-ahead journal: accepted events as NDJSON lines in
/// `{spool}/journal/{sequence}.ndjson`, fsynced before any request is
/// answered.
///
/// Group commit: one dedicated thread takes every append queued while the
/// previous fsync ran, writes them with one `write` and one `fsync`, then
/// resumes all their requests — so concurrent requests share an fsync, and
/// no blocking call ever runs on the cooperative pool. `rotate()` closes the
/// current file; closed files are what the sealer turns into segments, and a
/// file is never appended to again once closed (a torn tail after a crash
/// therefore stays at the end of its own file).
package final class Journal: @unchecked Sendable {
    // Everything below `condition` is guarded by it, except `fd`, which only
    // the writer thread touches. That discipline is why this is @unchecked.
    private let condition = NSCondition()
    private var queue: [Request] = []
    private var stopping = false
    // Files numbered below this are closed; it only grows.
    private var firstUnclosed: UInt64
    private var state: Snapshot
    private var sequence: UInt64
    private var fd: Int32 = -1
    private var thread: Thread?
    // Told how long each group commit's write and fsync took (a metric).
    private let onCommit: @Sendable (Duration) -> Void
    // A file is closed once it holds this many bytes (see `init`).
    private let rotateAtBytes: Int

    /// The journal directory.
    package let directory: String

    private enum Request {
        case append(Append)
        case rotate(CheckedContinuation<Bool, Never>)
    }

    private struct Append {
        var bytes: [UInt8]
        var events: Int
        var continuation: CheckedContinuation<Void, any Error>
        /// The event loop the request ran on, if any: it is resumed there.
        var loop: (any EventLoop)?
    }

    /// Counters and the open file, as seen at one instant.
    package struct Snapshot: Sendable {
        /// The file being appended to, if one is open.
        package var currentPath: String?
        /// Bytes in it.
        package var currentBytes = 0
        /// Receive time (epoch ms) of its first append.
        package var currentOpenedAtMillis: Int64 = 0
        /// Events in it.
        package var currentEvents = 0
        /// Appends still waiting for the writer.
        package var queued = 0
        /// fsyncs done (each is one group commit).
        package var commits = 0
        /// Requests committed.
        package var appends = 0

        package init() {}
    }

    /// Opens the journal in `directory`; files already there (from before a
    /// crash) are closed files, sealed before anything new.
    /// - Parameters:
    ///   - rotateAtBytes: the writer closes a file once a commit brings it to
    ///     this size (`collector.seal_bytes`), by itself: the shipper rotates
    ///     by age between seals, so while a long seal ran under heavy traffic
    ///     the open file used to grow without bound (gigabytes, all read into
    ///     memory by the next seal).
    ///   - onCommit: gets the time each group commit spent in `write` and
    ///     `fsync`, on the journal's thread.
    package init(
        directory: String, rotateAtBytes: Int = .max, onCommit: @escaping @Sendable (Duration) -> Void = { _ in }
    ) throws {
        self.directory = directory
        self.rotateAtBytes = max(1, rotateAtBytes)
        self.onCommit = onCommit
        try DurableFiles.makeDirectories(directory)
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        sequence = existing.compactMap { Self.sequence(of: $0) }.max() ?? 0
        firstUnclosed = sequence + 1
        state = Snapshot()
        let thread = Thread { [self] in self.run() }
        thread.name = "tidemark-journal"
        self.thread = thread
        thread.start()
    }

    /// Appends NDJSON `bytes` holding `events` lines and returns once they are fsynced.
    package func append(_ bytes: [UInt8], events: Int) async throws {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enqueue(.append(Append(bytes: bytes, events: events, continuation: continuation, loop: loop)))
        }
    }

    /// Closes the current file so the sealer can take it; false when nothing was open.
    @discardableResult
    package func rotate() async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            enqueue(.rotate(continuation))
        }
    }

    /// Closed journal files, oldest first.
    package func closedFiles() -> [String] {
        condition.lock()
        let limit = firstUnclosed
        condition.unlock()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { (Self.sequence(of: $0) ?? .max) < limit }.sorted().map { directory + "/" + $0 }
    }

    /// The current counters.
    package func snapshot() -> Snapshot {
        condition.lock()
        defer { condition.unlock() }
        return state
    }

    /// Lets queued appends finish, closes the file and stops the writer;
    /// later appends fail with `CollectorError.stopped`.
    package func close() async {
        _ = await rotate()
        stop()
    }

    private func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func enqueue(_ request: Request) {
        condition.lock()
        if stopping {
            condition.unlock()
            switch request {
            case .append(let a): a.continuation.resume(throwing: CollectorError.stopped)
            case .rotate(let c): c.resume(returning: false)
            }
            return
        }
        queue.append(request)
        if case .append = request { state.queued += 1 }
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                break
            }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            process(batch)
        }
        if fd >= 0 { Glibc.close(fd) }
    }

    private func process(_ batch: [Request]) {
        var appends: [Append] = []
        for request in batch {
            switch request {
            case .append(let a):
                appends.append(a)
            case .rotate(let c):
                commit(appends)
                appends.removeAll()
                c.resume(returning: closeCurrent())
            }
        }
        commit(appends)
    }

    private func commit(_ appends: [Append]) {
        guard !appends.isEmpty else { return }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(appends.reduce(0) { $0 + $1.bytes.count })
        for a in appends { buffer.append(contentsOf: a.bytes) }
        let events = appends.reduce(0) { $0 + $1.events }
        do {
            let clock = ContinuousClock()
            let started = clock.now
            try openIfNeeded()
            try writeAll(buffer)
            guard fsync(fd) == 0 else { throw failure("fsync") }
            onCommit(clock.now - started)
            condition.lock()
            state.currentBytes += buffer.count
            state.currentEvents += events
            state.queued -= appends.count
            state.commits += 1
            state.appends += appends.count
            let full = state.currentBytes >= rotateAtBytes
            condition.unlock()
            Self.resume(appends)
            if full { _ = closeCurrent() }
        } catch {
            // The file's tail is now unknown: close it (it stays a closed file,
            // its last line possibly torn) and start a new one on the next append.
            _ = closeCurrent()
            condition.lock()
            state.queued -= appends.count
            condition.unlock()
            for a in appends { a.continuation.resume(throwing: error) }
        }
    }

    /// Resumes each request on the event loop it came from, one hop per loop
    /// for the whole group: resumed from this thread, every request would be
    /// a wake-up of some loop and then another hop to its connection's loop.
    private static func resume(_ appends: [Append]) {
        var byLoop: [ObjectIdentifier: (loop: any EventLoop, continuations: [CheckedContinuation<Void, any Error>])] = [:]
        for a in appends {
            guard let loop = a.loop else {
                a.continuation.resume()
                continue
            }
            byLoop[ObjectIdentifier(loop as AnyObject), default: (loop, [])].continuations.append(a.continuation)
        }
        for (_, group) in byLoop {
            let continuations = group.continuations
            group.loop.execute { for c in continuations { c.resume() } }
        }
    }

    private func openIfNeeded() throws {
        guard fd < 0 else { return }
        sequence += 1
        let path = directory + "/" + Self.name(sequence)
        let opened = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw failure("open \(path)") }
        fd = opened
        do {
            try DurableFiles.syncDirectory(directory)
        } catch {
            throw CollectorError.journal(path, "\(error)")
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        condition.lock()
        firstUnclosed = sequence
        state.currentPath = path
        state.currentBytes = 0
        state.currentEvents = 0
        state.currentOpenedAtMillis = now
        condition.unlock()
    }

    private func closeCurrent() -> Bool {
        guard fd >= 0 else { return false }
        Glibc.close(fd)
        fd = -1
        condition.lock()
        firstUnclosed = sequence + 1
        state.currentPath = nil
        state.currentBytes = 0
        state.currentEvents = 0
        condition.unlock()
        return true
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure("write")
                }
                offset += n
            }
        }
    }

    private func failure(_ call: String) -> CollectorError {
        CollectorError.journal(directory, "\(call) failed: \(String(cString: strerror(errno)))")
    }

    /// The file name of journal file number `sequence` (sorts like the number).
    static func name(_ sequence: UInt64) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".ndjson"
    }

    /// The number of a journal file name, or nil for other files.
    static func sequence(of name: String) -> UInt64? {
        guard name.hasSuffix(".ndjson"), !name.hasPrefix(".") else { return nil }
        return UInt64(name.dropLast(".ndjson".count))
    }
}
