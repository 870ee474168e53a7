import TidemarkCore

/// One request from a web-server access log in one of the layouts of
/// ``AccessLogFormat``: Combined, Common, their `vhost_` variants, and
/// Combined with extra trailing fields.
///
/// Quoted fields are unescaped as the servers escape them: nginx writes
/// `\xHH` for `"`, `\`, control and non-ASCII bytes; Apache writes `\"`,
/// `\\`, `\n`, `\t`… and `\xHH` for the rest. In the request target,
/// decoded bytes that a URL cannot hold raw (controls, space, non-ASCII)
/// become `%XX`, so `/caf\xC3\xA9` and `/caf%C3%A9` are one page after
/// ``PagePath`` normalisation.
package struct AccessLogRecord: Sendable, Hashable {
    /// Client address as logged.
    package var ip: String
    /// Request time, epoch milliseconds.
    package var epochMillis: Int64
    /// Request method (`GET`).
    package var method: String
    /// Request target (`/pricing?utm_source=x`), unescaped.
    package var target: String
    /// Response status.
    package var status: Int
    /// Referer header, empty for `-` or when absent.
    package var referrer: String
    /// User-Agent header, empty for `-` or when absent.
    package var userAgent: String
    /// The layout this line is in.
    package var format: AccessLogFormat
    /// The virtual host of a `vhost_` line, lowercased, without port; else empty.
    package var virtualHost: String
    /// Fields after the user agent (nginx additions), ignored.
    package var extraFields: Int

    /// Parses one log line given as text.
    package init(parsing line: String) throws(IngestError) {
        var copy = line
        self = try copy.withUTF8 { AccessLogRecord.parse(UnsafeRawBufferPointer($0)) }.get()
    }

    /// The record of `line`, or why it is none.
    package static func parse(_ line: UnsafeRawBufferPointer) -> Result<AccessLogRecord, IngestError> {
        do throws(IngestError) {
            return .success(try AccessLogRecord(parsing: line))
        } catch {
            return .failure(error)
        }
    }

    /// Parses one log line (without its line end) in whichever layout it is.
    package init(parsing line: UnsafeRawBufferPointer) throws(IngestError) {
        var s = LogLineScanner(line)
        var prefix: [[UInt8]] = []
        while !s.atEnd, s.peek != UInt8(ascii: "[") {
            prefix.append(s.word())
            if prefix.count > 4 { break }
        }
        guard s.peek == UInt8(ascii: "[") else { throw .invalidLogLine("no [time] after the client address") }
        let hasVirtualHost: Bool
        switch prefix.count {
        case 3: hasVirtualHost = false
        case 4: hasVirtualHost = true
        default:
            throw .invalidLogLine("\(prefix.count) field(s) before [time]; 3 (%h %l %u) or 4 with a virtual host expected")
        }
        ip = String(decoding: prefix[hasVirtualHost ? 1 : 0], as: UTF8.self)
        virtualHost = hasVirtualHost ? Self.hostWithoutPort(prefix[0]) : ""
        guard let time = s.bracketed(), let millis = Self.parseTime(time) else {
            throw .invalidLogLine("time is not [dd/Mon/yyyy:HH:MM:SS ±hhmm]")
        }
        epochMillis = millis
        guard let request = s.quotedRaw() else { throw .invalidLogLine("no quoted request") }
        let parts = request.split(separator: 0x20, omittingEmptySubsequences: true)
        method = parts.first.map { String(decoding: LogEscapes.unescape($0), as: UTF8.self) } ?? ""
        target = parts.count > 1 ? Self.urlText(LogEscapes.unescape(parts[1])) : ""
        guard let code = Int(String(decoding: s.word(), as: UTF8.self)), code >= 100, code <= 599 else {
            throw .invalidLogLine("no status code")
        }
        status = code
        let size = s.word()
        guard !size.isEmpty, size == [0x2D] || size.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .invalidLogLine("no response size after the status")
        }
        extraFields = 0
        if s.atEnd {
            format = hasVirtualHost ? .vhostCommon : .common
            referrer = ""
            userAgent = ""
            return
        }
        guard let ref = s.quotedRaw(), let agent = s.quotedRaw() else {
            throw .invalidLogLine("after the size: neither the end of the line (Common) nor \"referrer\" \"user agent\" (Combined)")
        }
        format = hasVirtualHost ? .vhostCombined : .combined
        referrer = Self.dashIsEmpty(ref)
        userAgent = Self.dashIsEmpty(agent)
        while !s.atEnd {
            if s.peek == UInt8(ascii: "\"") { _ = s.quotedRaw() } else { _ = s.word() }
            extraFields += 1
        }
    }

    private static func dashIsEmpty(_ raw: [UInt8]) -> String {
        raw == [0x2D] ? "" : String(decoding: LogEscapes.unescape(raw[...]), as: UTF8.self)
    }

    // Bytes a URL cannot hold raw become %XX; PagePath decodes the UTF-8 ones again.
    private static func urlText(_ bytes: [UInt8]) -> String {
        guard bytes.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else { return String(decoding: bytes, as: UTF8.self) }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for b in bytes {
            if b <= 0x20 || b >= 0x7F {
                out.append(0x25)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hostWithoutPort(_ word: [UInt8]) -> String {
        var host = word[...]
        if host.first != 0x5B, let colon = host.lastIndex(of: 0x3A) { host = host[..<colon] }
        if host.last == 0x2E { host = host.dropLast() }
        return String(decoding: ByteSearch.asciiLowercased(Array(host)), as: UTF8.self)
    }

    /// Why this request is not a page view, or nil when it is one (README:
    /// "Access logs"): only `GET` requests answered 2xx or 3xx for a path that
    /// is not a static asset count.
    package var notPageViewReason: String? {
        guard method == "GET" else { return "method \(method.prefix(16)) is not GET" }
        guard (200...399).contains(status) else { return "status \(status) is not 2xx or 3xx" }
        let form = RequestTargetForm(target)
        guard form.namesAPage else { return "request target is in \(form.rawValue) form, not a path or URL" }
        let path = PageURL(parsing: target).path.lowercased()
        if let dot = path.lastIndex(of: "."), !path[dot...].utf8.contains(0x2F) {
            let ext = String(path[path.index(after: dot)...])
            if Self.assetExtensions.contains(ext) { return "static asset (.\(ext))" }
        }
        if Self.assetPaths.contains(where: { path.hasPrefix($0) }) { return "static asset path" }
        return nil
    }

    /// Extensions of files that are not pages.
    package static let assetExtensions: Set<String> = [
        "css", "js", "mjs", "map", "json", "xml", "txt", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "avif",
        "bmp", "tif", "tiff", "woff", "woff2", "ttf", "otf", "eot", "mp4", "webm", "mp3", "ogg", "wav", "m4a", "pdf",
        "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "dmg", "exe", "iso", "wasm", "webmanifest", "rss", "atom",
    ]

    /// Path prefixes that are machinery, not pages.
    package static let assetPaths = ["/favicon", "/apple-touch-icon", "/.well-known/", "/wp-content/", "/static/", "/assets/"]

    /// The raw hit this request stands for on `site`.
    package func hit(site: String) -> RawHit {
        RawHit(fields: [
            "site": site, "type": "pageview", "url": target, "referrer": referrer, "ua": userAgent,
            "ts": Timestamp.formatMillis(epochMillis),
        ])
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Epoch milliseconds of a log time such as `10/Oct/2000:13:55:36 -0700`.
    static func parseTime(_ b: [UInt8]) -> Int64? {
        guard b.count == 26, b[2] == 0x2F, b[6] == 0x2F, b[11] == 0x3A, b[14] == 0x3A, b[17] == 0x3A, b[20] == 0x20,
            b[21] == 0x2B || b[21] == 0x2D
        else { return nil }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        let monthName = String(decoding: b[3..<6], as: UTF8.self)
        guard let monthIndex = months.firstIndex(of: monthName), let day = num(0, 2), let year = num(7, 4),
            let hour = num(12, 2), let minute = num(15, 2), let second = num(18, 2), let oh = num(22, 2),
            let om = num(24, 2)
        else { return nil }
        let text = pad(year, 4) + "-" + pad(monthIndex + 1, 2) + "-" + pad(day, 2) + "T"
            + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2) + ".000Z"
        guard let local = Timestamp.parseMillis(text) else { return nil }
        let offset = Int64(oh * 3600 + om * 60) * 1000 * (b[21] == 0x2B ? 1 : -1)
        return local - offset
    }
}
