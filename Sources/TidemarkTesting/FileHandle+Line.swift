import Foundation

extension FileHandle {
    /// Reads until the first newline (blocking): a child's first line, such
    /// as the port a collector reports once it listens.
    package func availableDataLine() -> [UInt8] {
        var out: [UInt8] = []
        while true {
            let d = readData(ofLength: 1)
            guard let b = d.first else { return out }
            if b == 0x0A { return out }
            out.append(b)
        }
    }
}
