/// `ADDR:PORT` of `serve.listen` / `--listen`: an IPv4 address, `[IPv6]`,
/// or `localhost`, and a port.
package struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host as given, without brackets.
    package var host: String
    /// TCP port; 0 picks a free one.
    package var port: Int

    /// Parses `127.0.0.1:8787`, `[::1]:8787`, `localhost:8787` or `0.0.0.0:80`.
    package init(parsing text: String) throws {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ServeError.configuration("listen address \(text) is not [IPv6]:PORT")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw ServeError.configuration("listen address \(text) is not ADDR:PORT (IPv6 as [ADDR]:PORT)")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65_535).contains(port) else {
            throw ServeError.configuration("listen address \(text) needs a host and a port from 0 to 65535")
        }
        self.host = String(host)
        self.port = port
    }

    /// True when only this machine can connect: `localhost`, 127.0.0.0/8 or `::1`.
    package var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
