#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif
import Synchronization

/// Writes whole lines to file descriptor 2, one at a time: the only writer
/// of log records, so lines from concurrent tasks never interleave.
package enum StandardErrorLines {
    private static let lock = Mutex(())

    /// Writes `line` (which carries its own newline) unbuffered; a failed
    /// write is dropped, since there is nowhere left to report it.
    package static func write(_ line: String) {
        var bytes = Array(line.utf8)
        lock.withLock { _ in
            bytes.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let n = systemWrite(2, base + offset, buffer.count - offset)
                    if n > 0 {
                        offset += n
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}
