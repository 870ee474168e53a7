import Foundation
import TidemarkSynthetic

#if canImport(Glibc)
import Glibc
#endif

/// The synthetic day as a collector would hand it over: four NDJSON files,
/// one per six hours of send time. A late retry goes into the file of the
/// hour it was sent, so ingest seals it into a later segment than its original.
struct DemoDeliveries {
    /// What was written.
    struct Counts {
        /// Lines written, retries included.
        var lines = 0
        /// Lines that repeat an earlier one.
        var retries = 0
    }

    /// The files, in send order.
    let files: [String]

    /// Writes `day` into `directory` (which must exist).
    static func write(_ day: SyntheticDay, into directory: String) throws -> (DemoDeliveries, Counts) {
        let dayStart = Int64(day.day) * 86_400_000
        let names = (0..<4).map { directory + "/delivery-\($0 + 1).ndjson" }
        let writers = try names.map(LineFileWriter.init)
        var counts = Counts()
        try day.forEachSend { line in
            let slot = min(3, max(0, Int((line.sentMillis - dayStart) / 21_600_000)))
            try writers[slot].append(line.text)
            counts.lines += 1
            if line.isRetry { counts.retries += 1 }
        }
        for w in writers { try w.close() }
        return (DemoDeliveries(files: names), counts)
    }
}

/// Appends newline-terminated lines to a new file through a 1 MiB buffer.
private final class LineFileWriter {
    private let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []

    init(_ path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIError("\(path): cannot create: \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { if fd >= 0 { _ = closeDescriptor(fd) } }

    func append(_ line: String) throws {
        buffer += line.utf8
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func close() throws {
        try flush()
        if closeDescriptor(fd) != 0 { throw CLIError("\(path): close failed: \(String(cString: strerror(errno)))") }
        fd = -1
    }

    private func flush() throws {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + done }, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("\(path): write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

// File scope, where `close` is the C function, not the writer's method.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
