import CCurl

/// Result of the process-wide `curl_global_init`, run once: Swift initialises globals lazily and
/// thread-safely, before the first easy handle is created.
let curlGlobalInitCode: Int = Int(tm_curl_global_init_default().rawValue)
