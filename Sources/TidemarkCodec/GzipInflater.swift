import CZlib

/// A streaming gzip decompressor that reads any number of concatenated
/// members and detects a stream that ends inside one. Zero bytes after the
/// last member (padding left by tape and block devices, and by tools that
/// preallocate) are accepted, as `gzip -t` accepts them; any other byte
/// there is an error.
package final class GzipInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var inMember = false
    private var sawMember = false
    // Only zero bytes have followed the last member so far.
    private var inPadding = false
    private let chunk: Int

    /// Prepares to inflate; output arrives in pieces of at most `chunkSize`.
    package init(chunkSize: Int = 256 * 1024) throws {
        chunk = chunkSize
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = tm_inflate_init_gzip(stream)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw CodecError.zlib(status, "inflateInit2")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates `input`, handing each piece of output to `output`.
    package func write(
        _ input: UnsafeRawBufferPointer, _ output: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard !input.isEmpty, let base = input.baseAddress else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
        defer { buffer.deallocate() }
        while stream.pointee.avail_in > 0 {
            if !inMember, sawMember || inPadding, let next = stream.pointee.next_in, next.pointee == 0 || inPadding {
                // A member never starts with 0 (its magic is 1F 8B): this is padding, all zeros or garbage.
                let rest = UnsafeBufferPointer(start: next, count: Int(stream.pointee.avail_in))
                guard rest.allSatisfy({ $0 == 0 }) else { throw CodecError.corrupt("trailing garbage after the last gzip member") }
                inPadding = true
                stream.pointee.avail_in = 0
                return
            }
            if !inMember {
                inMember = true
                sawMember = true
            }
            stream.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(chunk)
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = chunk - Int(stream.pointee.avail_out)
            if produced > 0 { try output(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
            switch status {
            case Z_STREAM_END:
                // Another member may follow (multi-member gzip, SPEC §2).
                inMember = false
                let reset = inflateReset(stream)
                guard reset == Z_OK else { throw CodecError.zlib(reset, "inflateReset") }
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                if stream.pointee.avail_in == 0 { return }
                continue
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw CodecError.corrupt(message)
            }
        }
    }

    /// Confirms the input ended at a member boundary.
    package func finish() throws {
        guard sawMember else { throw CodecError.corrupt("empty input") }
        guard !inMember else { throw CodecError.truncated }
    }
}

extension GzipInflater {
    /// Inflates a whole gzip stream held in memory.
    package static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        let inflater = try GzipInflater()
        var out: [UInt8] = []
        try bytes.withUnsafeBytes { raw in
            try inflater.write(raw) { piece in out.append(contentsOf: piece) }
        }
        try inflater.finish()
        return out
    }
}
