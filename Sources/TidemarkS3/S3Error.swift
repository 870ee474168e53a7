/// The one error type of TidemarkS3: what went wrong (``kind``) and where (region, operation, key),
/// with the HTTP status, S3 error code and curl error behind it.
package struct S3Error: Error, Sendable, CustomStringConvertible {
    fileprivate enum Code: Sendable, Equatable {
        case unavailable
        case timeout
        case authFailed
        case notFound
        case preconditionFailed
        case http
        case invalidResponse
        case invalidConfiguration
        case invalidRequest
        case cancelled
    }

    /// The category of an ``S3Error``; compare with `==` against the static members.
    package struct Kind: Sendable, Equatable, CustomStringConvertible {
        fileprivate let code: Code

        /// The region could not be reached or answered 5xx: fail over to another region.
        package static let unavailable = Kind(code: .unavailable)
        /// The region did not answer in time; ``S3Error/isUnavailable`` is true for it too.
        package static let timeout = Kind(code: .timeout)
        /// 403, SignatureDoesNotMatch, InvalidAccessKeyId, AccessDenied.
        package static let authFailed = Kind(code: .authFailed)
        /// 404, NoSuchKey, NoSuchBucket.
        package static let notFound = Kind(code: .notFound)
        /// 412: a conditional request's precondition did not hold.
        package static let preconditionFailed = Kind(code: .preconditionFailed)
        /// Any other non-success HTTP status; see ``S3Error/httpStatus`` and ``S3Error/s3Code``.
        package static let http = Kind(code: .http)
        /// The server answered something that could not be understood (bad XML, missing fields).
        package static let invalidResponse = Kind(code: .invalidResponse)
        /// The configuration is unusable: bad endpoint, unreadable CA bundle, TLS trust failure.
        package static let invalidConfiguration = Kind(code: .invalidConfiguration)
        /// The caller's arguments are unusable: an empty key, a metadata value with line breaks.
        package static let invalidRequest = Kind(code: .invalidRequest)
        /// The calling task was cancelled (a shutdown) and the transfer aborted: says nothing about the region.
        package static let cancelled = Kind(code: .cancelled)

        /// A short lowercase name ("timeout").
        package var description: String {
            switch code {
            case .unavailable: "unavailable"
            case .timeout: "timeout"
            case .authFailed: "authFailed"
            case .notFound: "notFound"
            case .preconditionFailed: "preconditionFailed"
            case .http: "http"
            case .invalidResponse: "invalidResponse"
            case .invalidConfiguration: "invalidConfiguration"
            case .invalidRequest: "invalidRequest"
            case .cancelled: "cancelled"
            }
        }
    }

    /// Where a failure happened: region, operation and object.
    struct Context: Sendable {
        /// Region name from the configuration.
        var region: String
        /// Operation label ("PUT", "GET", "HEAD", "DELETE", "LIST", "CREATE-BUCKET").
        var operation: String
        /// Bucket addressed.
        var bucket: String
        /// Object key, or nil for bucket-level operations.
        var key: String?
    }

    /// Category of the failure.
    package let kind: Kind
    /// Region name of the client that failed.
    package var region: String { context.region }
    /// Operation label ("PUT", "GET", "HEAD", "DELETE", "LIST", "CREATE-BUCKET").
    package var operation: String { context.operation }
    /// Bucket the request addressed.
    package var bucket: String { context.bucket }
    /// Object key (unencoded), or nil for bucket-level operations.
    package var key: String? { context.key }
    /// HTTP status, when the server answered.
    package let httpStatus: Int?
    /// S3 error code from the XML error body ("NoSuchKey").
    package let s3Code: String?
    /// S3 error message from the XML error body.
    package let s3Message: String?
    /// libcurl result code, when the transfer itself failed.
    package let curlCode: Int?
    /// libcurl's error text for ``curlCode``.
    package let curlMessage: String?
    /// Milliseconds the request ran before failing, when known.
    package let elapsedMs: Int?
    private let context: Context
    private let detail: String?

    /// True when another region should be tried: connect failures, timeouts, dropped connections, 5xx.
    package var isUnavailable: Bool { kind == .unavailable || kind == .timeout }
    /// True when the region did not answer in time (a hung server).
    package var isTimeout: Bool { kind == .timeout }
    /// True when the credentials or signature were rejected.
    package var isAuthFailed: Bool { kind == .authFailed }
    /// True when the object or bucket does not exist.
    package var isNotFound: Bool { kind == .notFound }
    /// True when the calling task was cancelled and the transfer aborted.
    package var isCancelled: Bool { kind == .cancelled }
    /// True when a conditional request's precondition failed.
    package var isPreconditionFailed: Bool { kind == .preconditionFailed }

    /// Creates an error; `detail` is extra text for the description (never a secret).
    init(
        _ kind: Kind,
        _ context: Context,
        httpStatus: Int? = nil,
        s3Code: String? = nil,
        s3Message: String? = nil,
        curlCode: Int? = nil,
        curlMessage: String? = nil,
        elapsedMs: Int? = nil,
        detail: String? = nil
    ) {
        self.kind = kind
        self.context = context
        self.httpStatus = httpStatus
        self.s3Code = s3Code
        self.s3Message = s3Message
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.elapsedMs = elapsedMs
        self.detail = detail
    }

    /// One line: `region eu: PUT tidemark/events/x.ndjson.gz: timed out after 2000 ms (curl 28)`.
    package var description: String {
        var target = context.bucket
        if let key = context.key { target += "/" + key }
        return "region \(context.region): \(context.operation) \(target): \(reason)"
    }

    /// What went wrong, without the region, operation and target that
    /// ``description`` puts before it (`timed out after 2000 ms (curl 28)`):
    /// for callers whose own message names those already.
    package var reason: String {
        var parts: [String] = []
        switch kind.code {
        case .timeout: parts.append("timed out" + (elapsedMs.map { " after \($0) ms" } ?? ""))
        case .unavailable: parts.append("unavailable")
        case .authFailed: parts.append("authentication failed")
        case .notFound: parts.append("not found")
        case .preconditionFailed: parts.append("precondition failed")
        case .http: parts.append("request failed")
        case .invalidResponse: parts.append("invalid response")
        case .invalidConfiguration: parts.append("invalid configuration")
        case .invalidRequest: parts.append("invalid request")
        case .cancelled: parts.append("cancelled")
        }
        if let detail { parts.append(detail) }
        if let httpStatus {
            var text = "HTTP \(httpStatus)"
            if let s3Code { text += " \(s3Code)" }
            if let s3Message, !s3Message.isEmpty { text += ": \(s3Message)" }
            parts.append(text)
        }
        if let curlCode {
            let message = curlMessage.map { $0 + " " } ?? ""
            parts.append("\(message)(curl \(curlCode))")
        }
        return parts.joined(separator: ": ").replacingLineBreaks()
    }
}

extension String {
    fileprivate func replacingLineBreaks() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
