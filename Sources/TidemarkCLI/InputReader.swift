import Foundation
import TidemarkCodec

#if canImport(Glibc)
import Glibc
#endif

/// Streams the lines of an input file, stdin (`-`), or either gzip-compressed
/// (recognised by its magic bytes, whatever the name).
enum InputReader {
    static func forEachLine(
        of source: String, _ body: (_ lineNumber: Int, _ line: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let fd: Int32 = source == "-" ? STDIN_FILENO : open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError("\(source): cannot open: \(String(cString: strerror(errno)))") }
        defer { if source != "-" { close(fd) } }
        var splitter = LineSplitter()
        var lineNumber = 0
        func emit(_ line: UnsafeRawBufferPointer) throws {
            lineNumber += 1
            try body(lineNumber, line)
        }
        var inflater: GzipInflater?
        var first = true
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("\(source): read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            if first {
                first = false
                if n >= 2, chunk[0] == 0x1F, chunk[1] == 0x8B { inflater = try GzipInflater() }
            }
            do {
                if let inflater {
                    try inflater.write(chunk) { piece in try splitter.feed(piece, emit) }
                } else {
                    try splitter.feed(chunk, emit)
                }
            } catch let error as CodecError {
                throw CLIError("\(source): \(error) (after line \(lineNumber))")
            }
        }
        do {
            try inflater?.finish()
        } catch {
            throw CLIError("\(source): \(error) (after line \(lineNumber))")
        }
        try splitter.finish(emit)
    }
}
