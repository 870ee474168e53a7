import CCurl

/// Sets options on an easy handle through the typed shims, remembering the first failure.
struct CurlOptions {
    /// The option that failed first and its curl code.
    struct Failure {
        /// Raw option number.
        var option: UInt32
        /// curl result code.
        var code: Int
    }

    private let raw: UnsafeMutableRawPointer
    /// First failed option, if any.
    private(set) var failure: Failure?

    /// Wraps `raw`.
    init(_ raw: UnsafeMutableRawPointer) {
        self.raw = raw
    }

    /// Sets a `long` option.
    mutating func set(_ option: CURLoption, _ value: Int) {
        record(option, tm_curl_setopt_long(raw, option, value))
    }

    /// Sets a string option; libcurl copies the string.
    mutating func set(_ option: CURLoption, _ value: String) {
        record(option, tm_curl_setopt_string(raw, option, value))
    }

    /// Sets a `curl_off_t` option.
    mutating func setOffset(_ option: CURLoption, _ value: Int) {
        record(option, tm_curl_setopt_off(raw, option, curl_off_t(value)))
    }

    /// Sets a userdata pointer.
    mutating func setPointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer) {
        record(option, tm_curl_setopt_pointer(raw, option, value))
    }

    /// Sets a caller-owned `char` buffer (CURLOPT_ERRORBUFFER).
    mutating func setBuffer(_ option: CURLoption, _ value: UnsafeMutablePointer<CChar>) {
        record(option, tm_curl_setopt_buffer(raw, option, value))
    }

    /// Sets a header list, which must outlive the transfer.
    mutating func setSlist(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?) {
        record(option, tm_curl_setopt_slist(raw, option, value))
    }

    /// Sets a read, write or header callback.
    mutating func setCallback(_ option: CURLoption, _ value: tm_curl_data_callback) {
        record(option, tm_curl_setopt_callback(raw, option, value))
    }

    /// Sets the upload seek callback.
    mutating func setSeek(_ option: CURLoption, _ value: tm_curl_seek_callback) {
        record(option, tm_curl_setopt_seek_callback(raw, option, value))
    }

    /// Sets the progress callback.
    mutating func setProgress(_ option: CURLoption, _ value: tm_curl_xferinfo_callback) {
        record(option, tm_curl_setopt_xferinfo_callback(raw, option, value))
    }

    private mutating func record(_ option: CURLoption, _ code: CURLcode) {
        if code != CURLE_OK, failure == nil {
            failure = Failure(option: option.rawValue, code: Int(code.rawValue))
        }
    }
}
