import CCurl

/// The C callbacks handed to libcurl; each recovers its ``CurlTransfer`` from the userdata pointer.
enum CurlCallbacks {
    /// CURLOPT_WRITEFUNCTION: response body bytes.
    static let write: tm_curl_data_callback = { pointer, size, count, userdata in
        guard let userdata else { return 0 }
        let total = size * count
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: total))
        return total
    }

    /// CURLOPT_HEADERFUNCTION: one header line at a time, status lines included.
    static let header: tm_curl_data_callback = { pointer, size, count, userdata in
        guard let userdata else { return 0 }
        let total = size * count
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        transfer.receiveHeader(UnsafeRawBufferPointer(start: pointer, count: total))
        return total
    }

    /// CURLOPT_READFUNCTION: upload bytes.
    static let read: tm_curl_data_callback = { pointer, size, count, userdata in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        return transfer.readUpload(into: UnsafeMutableRawBufferPointer(start: pointer, count: size * count))
    }

    /// CURLOPT_SEEKFUNCTION: rewinds the upload for a retry on a new connection.
    static let seek: tm_curl_seek_callback = { userdata, offset, origin in
        guard let userdata, origin == SEEK_SET else { return Int32(CURL_SEEKFUNC_CANTSEEK) }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        return transfer.seekUpload(to: Int(offset)) ? Int32(CURL_SEEKFUNC_OK) : Int32(CURL_SEEKFUNC_FAIL)
    }

    /// CURLOPT_XFERINFOFUNCTION: enforces the stall limit and the size-scaled total deadline.
    static let progress: tm_curl_xferinfo_callback = { userdata, downloadTotal, downloaded, _, uploaded in
        guard let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        let proceed = transfer.checkProgress(
            downloadTotal: Int(downloadTotal), downloaded: Int(downloaded), uploaded: Int(uploaded)
        )
        return proceed ? 0 : 1
    }
}
