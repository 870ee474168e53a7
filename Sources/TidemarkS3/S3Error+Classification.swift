import CCurl

extension S3Error {
    /// Maps one finished transfer to an error, or nil for a 2xx answer.
    ///
    /// This is the only place curl result codes and HTTP statuses become ``S3Error`` kinds.
    init?(outcome: CurlOutcome, context: Context) {
        if outcome.curlCode != 0 {
            self.init(curlFailure: outcome, context: context)
            return
        }
        let status = outcome.status
        if (200..<300).contains(status) { return nil }
        let body = S3ErrorBodyParser.parse(outcome.body)
        let kind: Kind
        switch (status, body.code) {
        case (_, "SignatureDoesNotMatch"?), (_, "InvalidAccessKeyId"?), (_, "AccessDenied"?), (403, _):
            kind = .authFailed
        case (_, "NoSuchKey"?), (_, "NoSuchBucket"?), (404, _):
            kind = .notFound
        case (412, _):
            kind = .preconditionFailed
        case (500..<600, _), (429, _):
            kind = .unavailable
        case (100..<600, _):
            kind = .http
        default:
            kind = .invalidResponse
        }
        self.init(
            kind, context,
            httpStatus: status, s3Code: body.code, s3Message: body.message, elapsedMs: outcome.elapsedMs
        )
    }

    private init(curlFailure outcome: CurlOutcome, context: Context) {
        let code = outcome.curlCode
        let kind: Kind
        if outcome.cancelled {
            kind = .cancelled
        } else if outcome.deadlineExceeded || outcome.stalled || code == Self.curl(CURLE_OPERATION_TIMEDOUT) {
            kind = .timeout
        } else if Self.configurationCodes.contains(code) {
            kind = .invalidConfiguration
        } else {
            // Connect refused, DNS, empty reply, send/receive errors, partial bodies and anything
            // unexpected at the transport level all mean "this region cannot serve us now".
            kind = .unavailable
        }
        let message =
            if outcome.cancelled {
                "the calling task was cancelled"
            } else if outcome.stalled {
                "no data sent or received for the low-speed time"
            } else if outcome.deadlineExceeded {
                "total deadline exceeded"
            } else {
                outcome.curlMessage
            }
        self.init(
            kind, context,
            httpStatus: outcome.status > 0 ? outcome.status : nil,
            curlCode: code, curlMessage: message, elapsedMs: outcome.elapsedMs
        )
    }

    private static func curl(_ code: CURLcode) -> Int { Int(code.rawValue) }

    private static let configurationCodes: Set<Int> = [
        curl(CURLE_UNSUPPORTED_PROTOCOL),
        curl(CURLE_URL_MALFORMAT),
        curl(CURLE_PEER_FAILED_VERIFICATION),
        curl(CURLE_SSL_CERTPROBLEM),
        curl(CURLE_SSL_CACERT_BADFILE),
        curl(CURLE_SSL_CIPHER),
        curl(CURLE_UNKNOWN_OPTION),
        curl(CURLE_NOT_BUILT_IN),
        curl(CURLE_BAD_FUNCTION_ARGUMENT),
    ]
}
