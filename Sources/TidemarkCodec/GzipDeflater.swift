import CZlib

/// A streaming gzip compressor writing one gzip member.
///
/// The header carries no file name and mtime 0, so the same input always
/// gives the same bytes (segment ids are derived from them).
package final class GzipDeflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8] = []
    private var finished = false

    /// Starts a member at `level` (0–9).
    package init(level: Int32 = 6) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = tm_deflate_init_gzip(stream, level)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw CodecError.zlib(status, "deflateInit2")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compressed bytes produced so far.
    package var compressedCount: Int { output.count }

    /// Compresses `bytes`.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try run(bytes, flush: Z_NO_FLUSH)
    }

    /// Compresses `bytes`.
    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { (raw) in try write(raw) }
    }

    /// Ends the member and returns the whole gzip stream.
    package func finish() throws -> [UInt8] {
        if !finished {
            try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
            finished = true
        }
        return output
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        let chunk = 64 * 1024
        while true {
            let before = output.count
            output.reserveCapacity(before + chunk)
            var status: Int32 = Z_OK
            var produced = 0
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunk) { buf in
                stream.pointee.next_out = buf.baseAddress
                stream.pointee.avail_out = uInt(chunk)
                status = deflate(stream, flush)
                produced = chunk - Int(stream.pointee.avail_out)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<produced]))
            }
            if status == Z_STREAM_END { return }
            guard status == Z_OK || status == Z_BUF_ERROR else { throw CodecError.zlib(status, "deflate") }
            // With input left or output space used up, zlib has more to give.
            if flush == Z_FINISH { continue }
            if stream.pointee.avail_in == 0 && produced < chunk { return }
        }
    }
}

extension GzipDeflater {
    /// Compresses `bytes` as one gzip member.
    package static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        let deflater = try GzipDeflater(level: level)
        try deflater.write(bytes)
        return try deflater.finish()
    }
}
