/// Mutable state of one transfer, shared with libcurl's C callbacks through their userdata pointer.
///
/// Only the worker thread running `curl_easy_perform` touches it, so it needs no locking.
final class CurlTransfer {
    /// Largest error body kept when a 2xx body is being streamed elsewhere.
    static let maxErrorBodyBytes = 64 * 1024

    private let upload: [UInt8]
    private var uploadOffset = 0
    private let sink: (@Sendable (UnsafeRawBufferPointer) -> Void)?
    private let started: ContinuousClock.Instant
    private let request: CurlRequest
    private let cancellation: CurlCancellation?

    /// Status of the latest response seen (interim 100 responses are replaced by the final one).
    private(set) var status = 0
    /// Headers of the latest response, names lowercased.
    private(set) var headers: [String: String] = [:]
    /// Buffered response body.
    private(set) var body: [UInt8] = []
    /// Body bytes handed to the sink.
    private(set) var streamedBytes = 0
    /// Set when the progress callback aborted the transfer for exceeding its deadline.
    private(set) var deadlineExceeded = false
    /// Set when the progress callback aborted the transfer because no byte moved for `lowSpeedSeconds`.
    private(set) var stalled = false
    /// Set when the progress callback aborted the transfer because the awaiting task was cancelled.
    private(set) var cancelled = false
    private var lastProgressBytes = 0
    private var lastProgressMs = 0

    /// Prepares state for `request`, timing from now; `cancellation`, when set, aborts it.
    init(request: CurlRequest, cancellation: CurlCancellation? = nil) {
        self.request = request
        self.cancellation = cancellation
        self.upload = request.method == .put ? request.body : []
        self.sink = request.sink
        self.started = .now
    }

    /// Milliseconds since the transfer started.
    var elapsedMs: Int {
        let elapsed = ContinuousClock.now - started
        return Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Copies the next upload bytes into curl's buffer; returns the count (0 at the end).
    func readUpload(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, upload.count - uploadOffset)
        guard count > 0, let destination = buffer.baseAddress else { return 0 }
        upload.withUnsafeBytes { source in
            if let base = source.baseAddress {
                destination.copyMemory(from: base + uploadOffset, byteCount: count)
            }
        }
        uploadOffset += count
        return count
    }

    /// Rewinds the upload (curl retries a request on a fresh connection when a reused one died).
    func seekUpload(to offset: Int) -> Bool {
        guard offset >= 0, offset <= upload.count else { return false }
        uploadOffset = offset
        return true
    }

    /// Takes one body chunk: to the sink for a 2xx response, otherwise into the buffer.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) {
        if let sink, (200..<300).contains(status) {
            streamedBytes += chunk.count
            sink(chunk)
        } else if sink == nil || body.count < Self.maxErrorBodyBytes {
            body.append(contentsOf: chunk)
        }
    }

    /// Takes one raw header line; a status line starts a new response.
    func receiveHeader(_ line: UnsafeRawBufferPointer) {
        var text = String(decoding: line, as: UTF8.self)
        // "\r\n" is a single Character in Swift, so test for newlines rather than "\r" and "\n".
        while let last = text.last, last.isNewline { text.removeLast() }
        if text.hasPrefix("HTTP/") {
            let fields = text.split(separator: " ", maxSplits: 2)
            status = fields.count >= 2 ? Int(fields[1]) ?? 0 : 0
            headers = [:]
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = text[..<colon].trimmingWhitespace().lowercased()
        let value = String(text[text.index(after: colon)...].trimmingWhitespace())
        if let existing = headers[name] {
            headers[name] = existing + "," + value
        } else {
            headers[name] = value
        }
    }

    /// Checks progress against the stall limit and the size-scaled deadline; false aborts the transfer.
    ///
    /// curl's own low-speed check stops a hung GET but not a hung PUT (measured: a PUT to a
    /// SIGSTOPped server ran into the total timeout), so stalls in either direction are caught here.
    /// A cancelled caller aborts the transfer here too: libcurl calls this about once a second even
    /// while nothing moves, so a transfer to a hung server ends soon after its task is cancelled.
    func checkProgress(downloadTotal: Int, downloaded: Int, uploaded: Int) -> Bool {
        if let cancellation, cancellation.isCancelled {
            cancelled = true
            return false
        }
        let now = elapsedMs
        let moved = downloaded + uploaded
        if moved != lastProgressBytes {
            lastProgressBytes = moved
            lastProgressMs = now
        } else if now - lastProgressMs >= request.lowSpeedSeconds * 1000 {
            stalled = true
            return false
        }
        if now > request.deadlineMs(forBytes: max(upload.count, downloadTotal, downloaded)) {
            deadlineExceeded = true
            return false
        }
        return true
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var value = self
        while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
        while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        return value
    }
}
