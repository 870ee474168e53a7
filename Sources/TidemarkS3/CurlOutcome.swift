import CCurl

/// What one libcurl transfer produced: the curl result, the HTTP status, headers and body.
struct CurlOutcome: Sendable {
    /// libcurl result code; 0 (CURLE_OK) when the HTTP exchange completed, whatever its status.
    var curlCode: Int
    /// libcurl's error text for a non-zero ``curlCode``.
    var curlMessage: String
    /// Final HTTP status, 0 when none was received.
    var status: Int
    /// Response headers of the final response, names lowercased, repeated headers joined with `,`.
    var headers: [String: String]
    /// Buffered body: the whole body, or only an error body when a sink streamed a 2xx body.
    var body: [UInt8]
    /// Number of body bytes handed to the sink.
    var streamedBytes: Int
    /// Wall time of the transfer.
    var elapsedMs: Int
    /// True when the size-scaled total deadline aborted the transfer.
    var deadlineExceeded: Bool
    /// True when no byte moved in either direction for the low-speed time.
    var stalled: Bool = false
    /// True when the awaiting task was cancelled and the transfer aborted (or never started).
    var cancelled: Bool = false

    /// An outcome for a transfer that could not even be set up.
    static func setupFailure(code: Int, message: String) -> CurlOutcome {
        CurlOutcome(
            curlCode: code, curlMessage: message, status: 0, headers: [:], body: [],
            streamedBytes: 0, elapsedMs: 0, deadlineExceeded: false
        )
    }

    /// The outcome of a transfer whose task was cancelled before a worker thread took it.
    static let cancelledBeforeStart = CurlOutcome(
        curlCode: Int(CURLE_ABORTED_BY_CALLBACK.rawValue), curlMessage: "cancelled before it started", status: 0,
        headers: [:], body: [], streamedBytes: 0, elapsedMs: 0, deadlineExceeded: false, cancelled: true)
}
