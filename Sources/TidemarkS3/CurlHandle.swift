import CCurl

/// One long-lived libcurl easy handle, reset between requests so its connection is reused.
///
/// Owned and used by exactly one worker thread of a ``CurlWorkerPool``.
final class CurlHandle {
    private let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let errorBufferSize: Int

    /// Creates a handle; nil when libcurl could not be initialised.
    init?() {
        guard curlGlobalInitCode == 0, let raw = curl_easy_init() else { return nil }
        self.raw = raw
        self.errorBufferSize = Int(tm_curl_error_size())
        self.errorBuffer = .allocate(capacity: errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: errorBufferSize)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Runs `request` to completion (or until `cancellation` is set), blocking the calling thread.
    func perform(_ request: CurlRequest, cancellation: CurlCancellation? = nil) -> CurlOutcome {
        if let cancellation, cancellation.isCancelled { return .cancelledBeforeStart }
        curl_easy_reset(raw)
        errorBuffer[0] = 0
        let transfer = CurlTransfer(request: request, cancellation: cancellation)
        let userdata = Unmanaged.passUnretained(transfer).toOpaque()

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for line in request.headerLines {
            guard let appended = curl_slist_append(headerList, line) else {
                return .setupFailure(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed")
            }
            headerList = appended
        }

        var options = CurlOptions(raw)
        options.set(CURLOPT_URL, request.url)
        options.set(CURLOPT_NOSIGNAL, 1)
        options.set(CURLOPT_PATH_AS_IS, 1)
        options.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        options.set(CURLOPT_TCP_KEEPALIVE, 1)
        options.set(CURLOPT_SSL_VERIFYPEER, 1)
        options.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundlePath = request.caBundlePath { options.set(CURLOPT_CAINFO, caBundlePath) }
        options.set(CURLOPT_AWS_SIGV4, request.sigV4)
        options.set(CURLOPT_USERNAME, request.username)
        options.set(CURLOPT_PASSWORD, request.password)
        options.setSlist(CURLOPT_HTTPHEADER, headerList)
        options.setBuffer(CURLOPT_ERRORBUFFER, errorBuffer)
        options.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMs)
        options.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        options.set(CURLOPT_LOW_SPEED_TIME, request.lowSpeedSeconds)
        // Never blank `Expect:` (curl would sign a header it does not send); skip the wait instead.
        options.set(CURLOPT_EXPECT_100_TIMEOUT_MS, 0)
        options.setCallback(CURLOPT_WRITEFUNCTION, CurlCallbacks.write)
        options.setPointer(CURLOPT_WRITEDATA, userdata)
        options.setCallback(CURLOPT_HEADERFUNCTION, CurlCallbacks.header)
        options.setPointer(CURLOPT_HEADERDATA, userdata)
        options.set(CURLOPT_NOPROGRESS, 0)
        options.setProgress(CURLOPT_XFERINFOFUNCTION, CurlCallbacks.progress)
        options.setPointer(CURLOPT_XFERINFODATA, userdata)
        switch request.method {
        case .get:
            options.set(CURLOPT_HTTPGET, 1)
        case .head:
            options.set(CURLOPT_NOBODY, 1)
        case .delete:
            options.set(CURLOPT_CUSTOMREQUEST, "DELETE")
        case .put:
            options.set(CURLOPT_UPLOAD, 1)
            options.setCallback(CURLOPT_READFUNCTION, CurlCallbacks.read)
            options.setPointer(CURLOPT_READDATA, userdata)
            options.setSeek(CURLOPT_SEEKFUNCTION, CurlCallbacks.seek)
            options.setPointer(CURLOPT_SEEKDATA, userdata)
            options.setOffset(CURLOPT_INFILESIZE_LARGE, request.body.count)
            // The upload size is known up front, so curl's own total timeout bounds a hung PUT.
            options.set(CURLOPT_TIMEOUT_MS, request.deadlineMs(forBytes: request.body.count))
        }
        if let failure = options.failure {
            return .setupFailure(code: failure.code, message: "setting \(failure.option) failed")
        }

        let code = withExtendedLifetime(transfer) { curl_easy_perform(raw) }
        var status = 0
        if tm_curl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK { status = transfer.status }
        let message = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        return CurlOutcome(
            curlCode: Int(code.rawValue),
            curlMessage: message,
            status: status,
            headers: transfer.headers,
            body: transfer.body,
            streamedBytes: transfer.streamedBytes,
            elapsedMs: transfer.elapsedMs,
            deadlineExceeded: transfer.deadlineExceeded,
            stalled: transfer.stalled,
            cancelled: transfer.cancelled
        )
    }
}
