import CCurl
import Foundation

/// An S3 client for one region and bucket, speaking SigV4-signed HTTP through libcurl.
///
/// Requests run on the client's own worker threads (one curl handle and kept-alive connection
/// each), never on Swift's cooperative pool; callers just `await`.
package final class S3Client: Sendable {
    private let configuration: S3Configuration
    private let endpoint: String
    private let pool: CurlWorkerPool

    /// Validates `configuration` and prepares (lazily started) worker threads.
    package init(_ configuration: S3Configuration) throws(S3Error) {
        let context = S3Error.Context(
            region: configuration.name, operation: "CONFIGURE", bucket: configuration.bucket, key: nil
        )
        endpoint = try configuration.validatedEndpoint()
        if let path = configuration.caBundlePath, !FileManager.default.isReadableFile(atPath: path) {
            throw S3Error(.invalidConfiguration, context, detail: "CA bundle \(path) is not readable")
        }
        guard curlGlobalInitCode == 0 else {
            throw S3Error(.invalidConfiguration, context, curlCode: curlGlobalInitCode, curlMessage: "curl_global_init failed")
        }
        self.configuration = configuration
        self.pool = CurlWorkerPool(
            name: configuration.name, maxThreads: configuration.maxConnections, background: configuration.backgroundWorkers)
    }

    deinit {
        pool.shutdown()
    }

    /// Region name from the configuration.
    package var name: String { configuration.name }

    /// Bucket this client addresses.
    package var bucket: String { configuration.bucket }

    /// Creates the bucket; succeeds when it already exists and is ours.
    package func createBucket() async throws(S3Error) {
        var request = S3Request(method: .put, operation: "CREATE-BUCKET", key: nil)
        if configuration.signingRegion != "us-east-1" {
            request.body = Array(
                """
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
                <LocationConstraint>\(configuration.signingRegion)</LocationConstraint>\
                </CreateBucketConfiguration>
                """.utf8)
            request.headers = [("Content-Type", "application/xml")]
        }
        do throws(S3Error) {
            _ = try await send(request)
        } catch {
            switch error.s3Code {
            case "BucketAlreadyOwnedByYou":
                return
            case "BucketAlreadyExists":
                // Some servers say "exists" for our own bucket too: it is ours if we can read it.
                do throws(S3Error) {
                    _ = try await send(S3Request(method: .head, operation: "HEAD-BUCKET", key: nil))
                } catch _ {
                    throw error
                }
            default:
                throw error
            }
        }
    }

    /// Uploads `body` under `key` with `Content-Type` and `x-amz-meta-*` headers.
    ///
    /// With `ifNoneMatch`, sends `If-None-Match: *` and returns ``S3PutOutcome/alreadyExists``
    /// instead of overwriting an existing object.
    package func putObject(
        key: String,
        body: [UInt8],
        contentType: String,
        metadata: [String: String],
        ifNoneMatch: Bool
    ) async throws(S3Error) -> S3PutOutcome {
        let context = errorContext("PUT", key)
        try S3Validation.validate(key: key, context)
        try S3Validation.validate(headerValue: contentType, of: "Content-Type", context)
        // An empty `Content-Type:` line would make curl drop the header, so leave it out instead.
        var headers: [(name: String, value: String)] = contentType.isEmpty ? [] : [("Content-Type", contentType)]
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            try S3Validation.validate(metadataName: name, context)
            try S3Validation.validate(metadataValue: value, of: name, context)
            headers.append(("x-amz-meta-" + name.lowercased(), value))
        }
        if ifNoneMatch { headers.append(("If-None-Match", "*")) }
        let request = S3Request(method: .put, operation: "PUT", key: key, headers: headers, body: body)
        do throws(S3Error) {
            _ = try await send(request)
            return .created
        } catch {
            if ifNoneMatch, error.isPreconditionFailed { return .alreadyExists }
            throw error
        }
    }

    /// Downloads the whole object into memory.
    package func getObject(key: String) async throws(S3Error) -> S3Object {
        try S3Validation.validate(key: key, errorContext("GET", key))
        let outcome = try await send(S3Request(method: .get, operation: "GET", key: key))
        let info = S3ObjectInfo(headers: outcome.headers, fallbackSize: outcome.body.count)
        return S3Object(body: outcome.body, info: S3ObjectInfo(
            size: outcome.body.count, etag: info.etag, contentType: info.contentType, metadata: info.metadata
        ))
    }

    /// Downloads the object, handing each chunk to `sink` on a worker thread as curl delivers it.
    ///
    /// `sink` sees only the bytes of a successful response; after a failure it may have seen a prefix.
    package func getObject(
        key: String,
        into sink: @escaping @Sendable (UnsafeRawBufferPointer) -> Void
    ) async throws(S3Error) -> S3ObjectInfo {
        try S3Validation.validate(key: key, errorContext("GET", key))
        let outcome = try await send(S3Request(method: .get, operation: "GET", key: key), sink: sink)
        let info = S3ObjectInfo(headers: outcome.headers, fallbackSize: outcome.streamedBytes)
        return S3ObjectInfo(
            size: outcome.streamedBytes, etag: info.etag, contentType: info.contentType, metadata: info.metadata
        )
    }

    /// Size, ETag, Content-Type and metadata of an object; a missing key throws ``S3Error/Kind/notFound``.
    package func headObject(key: String) async throws(S3Error) -> S3ObjectInfo {
        try S3Validation.validate(key: key, errorContext("HEAD", key))
        let outcome = try await send(S3Request(method: .head, operation: "HEAD", key: key))
        return S3ObjectInfo(headers: outcome.headers, fallbackSize: 0)
    }

    /// Deletes an object; deleting a missing key succeeds, as in S3.
    package func deleteObject(key: String) async throws(S3Error) {
        try S3Validation.validate(key: key, errorContext("DELETE", key))
        _ = try await send(S3Request(method: .delete, operation: "DELETE", key: key))
    }

    /// One ListObjectsV2 page of keys under `prefix`, rolled up at `delimiter` when given.
    package func listObjects(
        prefix: String,
        delimiter: String?,
        continuationToken: String?,
        maxKeys: Int?
    ) async throws(S3Error) -> S3ListPage {
        var query: [(name: String, value: String)] = [("list-type", "2")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let request = S3Request(method: .get, operation: "LIST", key: nil, query: query)
        let outcome = try await send(request)
        guard let page = S3ListParser.parse(outcome.body) else {
            throw S3Error(
                .invalidResponse, errorContext("LIST", nil),
                httpStatus: outcome.status, detail: "ListBucketResult XML could not be parsed"
            )
        }
        return page
    }

    /// Runs `request` on a worker thread; throws the classified error for anything but 2xx, and
    /// ``S3Error/Kind/cancelled`` soon after the calling task is cancelled.
    private func send(
        _ request: S3Request,
        sink: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil
    ) async throws(S3Error) -> CurlOutcome {
        let transfer = request.curlRequest(configuration: configuration, endpoint: endpoint, sink: sink)
        // Cancelling the task aborts the transfer (see `CurlCancellation`): a
        // hung region never outlives the caller's interest in it.
        let cancellation = CurlCancellation()
        let outcome: CurlOutcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                pool.submit { handle in
                    guard let handle else {
                        continuation.resume(returning: .setupFailure(
                            code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed"
                        ))
                        return
                    }
                    continuation.resume(returning: handle.perform(transfer, cancellation: cancellation))
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        if let error = S3Error(outcome: outcome, context: errorContext(request.operation, request.key)) {
            throw error
        }
        return outcome
    }

    private func errorContext(_ operation: String, _ key: String?) -> S3Error.Context {
        S3Error.Context(region: configuration.name, operation: operation, bucket: configuration.bucket, key: key)
    }
}
