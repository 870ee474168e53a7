import Foundation
import NIOCore

/// Says why `collect` or `serve` could not open its listening socket in
/// plain words (`address already in use`) instead of NIO's
/// `bind(descriptor:ptr:bytes:): … (errno: 98)`.
enum ListenFailure {
    /// `command: cannot listen on ADDRESS: reason` when `error` is a socket
    /// error from binding or listening; nil for any other error.
    static func describe(_ error: any Error, command: String, address: String) -> CLIError? {
        guard let io = error as? IOError else { return nil }
        let text = "\(io)"
        guard text.hasPrefix("bind") || text.hasPrefix("listen") || [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(io.errnoCode)
        else { return nil }
        return CLIError("\(command): cannot listen on \(address): \(reason(io.errnoCode))")
    }

    /// strerror's text, lowercased as the rest of a message.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        guard let first = text.first else { return "errno \(code)" }
        return first.lowercased() + text.dropFirst()
    }
}
