import Foundation
import TidemarkCodec

#if canImport(Glibc)
import Glibc
#endif

/// Streams the lines of an input file, stdin (`-`), or either gzip-compressed
/// (recognised by its magic bytes, whatever the name), as rotation and
/// editors leave them (SPEC §6): a UTF-8 byte-order mark before the first
/// line is dropped, CR of CRLF line ends too, and so are NUL bytes at the
/// start or end of a line (`copytruncate` leaves the truncated part as NULs
/// when the server keeps writing at its old offset).
enum InputReader {
    static func forEachLine(
        of source: String, _ body: (_ lineNumber: Int, _ line: UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let fd: Int32 = source == "-" ? STDIN_FILENO : open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CLIError("\(source): \(String(cString: strerror(errno)))") }
        defer { if source != "-" { close(fd) } }
        var splitter = LineSplitter()
        var lineNumber = 0
        func emit(_ line: UnsafeRawBufferPointer) throws {
            lineNumber += 1
            var start = 0
            var end = line.count
            if lineNumber == 1, end >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { start = 3 }
            while start < end, line[start] == 0 { start += 1 }
            while end > start, line[end - 1] == 0 || line[end - 1] == 0x0D { end -= 1 }
            try body(lineNumber, UnsafeRawBufferPointer(rebasing: line[start..<end]))
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
                throw CLIError(Self.stopped(source, error, after: lineNumber))
            }
        }
        do {
            try inflater?.finish()
        } catch {
            // The unfinished last line of a cut stream is not taken: it may be cut too.
            throw CLIError(Self.stopped(source, error, after: lineNumber))
        }
        try splitter.finish(emit)
    }

    /// Says what was taken when a file stops early, so a failure is never
    /// reported for data that was imported.
    private static func stopped(_ source: String, _ error: any Error, after line: Int) -> String {
        let taken = line == 0 ? "nothing was read from it" : "lines 1-\(line) were read, the rest was not"
        return "\(source): \(error) after line \(line); \(taken)"
    }
}
