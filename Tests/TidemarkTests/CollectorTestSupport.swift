import Foundation
import TidemarkCodec
import TidemarkCore
import TidemarkTesting

#if canImport(Glibc)
import Glibc
#endif

/// A `tidemark collect` process started from the built binary, stopped by PID.
final class CollectorProcess: @unchecked Sendable {
    let process: Process
    let directory: String
    let outPath: String
    let errPath: String
    private(set) var port = 0

    /// Starts `tidemark collect --listen 127.0.0.1:0` in `directory` and waits until it answers.
    init(in directory: String, environment: [String: String] = [:], label: String = "c") async throws {
        self.directory = directory
        outPath = directory + "/collector-\(label)-\(UUID().uuidString.prefix(8)).out"
        errPath = outPath.replacingOccurrences(of: ".out", with: ".err")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: try BinaryRunner.executable())
        process.arguments = ["collect", "--listen", "127.0.0.1:0"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["TIDEMARK_CONFIG"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // A bound, not a timing assertion: a debug build compiles uap-core's ~2,700 regexes at start, and
        // the suite starts many collectors at once on two cores.
        // The file is read once more after the deadline: a test process whose
        // threads were busy elsewhere may wake up only after it.
        let deadline = Date().addingTimeInterval(180)
        while true {
            let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            if let range = out.range(of: "listening on http://127.0.0.1:") {
                let digits = out[range.upperBound...].prefix { $0.isNumber }
                if let p = Int(digits) {
                    port = p
                    return
                }
            }
            guard process.isRunning, Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        kill()
        throw CollectorTestError("collector did not start: \(err)")
    }

    var isRunning: Bool { process.isRunning }
    var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
    var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }

    /// SIGKILL, then wait for the exit.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// `signal` (SIGTERM unless told) and wait (SIGKILL after `seconds`); true when it exited by itself.
    @discardableResult
    func terminate(waiting seconds: Double = 60, signal: Int32 = SIGTERM) async -> Bool {
        guard process.isRunning else { return true }
        Glibc.kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        let exited = !process.isRunning
        kill()
        return exited
    }

    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = []) async throws -> HTTPReply {
        try await RawHTTP.send(port: port, method: method, path: path, headers: headers, body: body)
    }

    func post(_ body: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        try await send("POST", "/api/event", headers: headers, body: Array(body.utf8))
    }

    /// `/metrics` value of a sample line (`name{labels}`), or nil.
    func metric(_ sample: String) async throws -> Double? {
        let text = try await send("GET", "/metrics").text
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1))
        }
        return nil
    }
}

struct CollectorTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// One HTTP response.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The JSON body as a dictionary.
    var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
    var accepted: Int { (json["accepted"] as? NSNumber)?.intValue ?? -1 }
}

/// A tiny blocking HTTP/1.1 client over a loopback socket, so tests control
/// every byte (invalid UTF-8, huge bodies, forwarding headers).
enum RawHTTP {
    static func send(port: Int, method: String, path: String, headers: [String: String], body: [UInt8]) async throws -> HTTPReply {
        try await withCheckedThrowingContinuation { c in
            DispatchQueue.global().async {
                c.resume(with: Result { try sendBlocking(port: port, method: method, path: path, headers: headers, body: body) })
            }
        }
    }

    static func sendBlocking(port: Int, method: String, path: String, headers: [String: String], body: [UInt8]) throws -> HTTPReply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CollectorTestError("socket failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CollectorTestError("connect to \(port) failed: errno \(errno)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if headers["User-Agent"] == nil {
            head += "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n"
        }
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8) + body
        var offset = 0
        while offset < request.count {
            let n = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress.map { $0 + offset }, request.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }  // the server may answer 413 and close before reading it all
            offset += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        guard let split = response.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw CollectorTestError("no HTTP response (\(response.count) bytes)")
        }
        let lines = String(decoding: response[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw CollectorTestError("bad status line") }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPReply(status: status, headers: fields, body: Array(response[split.upperBound...]))
    }
}

/// Raw hits for tests, each with a client id so it can be found again.
enum CollectorHits {
    static func hit(_ n: Int, seed: Int = 0, site: String = "example.com") -> (id: String, json: String) {
        let id = String(format: "%016llx%016llx", UInt64(seed), UInt64(n))
        return (id, #"{"site":"\#(site)","url":"https://\#(site)/p/\#(n % 7)?utm_source=s\#(n % 3)","referrer":"https://www.google.com/","id":"\#(id)"}"#)
    }

    static func batch(_ range: Range<Int>, seed: Int = 0) -> (ids: [String], body: String) {
        let hits = range.map { hit($0, seed: seed) }
        return (hits.map(\.id), "[" + hits.map(\.json).joined(separator: ",") + "]")
    }
}

/// Every event line in the segments under a local region directory.
func localRegionLines(_ root: String) throws -> [String] {
    var lines: [String] = []
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    while let rel = walker.nextObject() as? String {
        guard rel.hasSuffix(".ndjson.gz") else { continue }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/" + rel)))
        try SegmentReader.forEachLine(in: bytes, key: rel) { lines.append(String(decoding: $0, as: UTF8.self)) }
    }
    return lines.filter { !$0.isEmpty }
}

/// The `id` of each event line.
func eventIDs(_ lines: [String]) -> [String] {
    lines.compactMap { line in
        guard case .event(let e) = EventParser.parse(line) else { return nil }
        return e.id
    }
}
