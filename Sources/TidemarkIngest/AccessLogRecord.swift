import TidemarkCore

/// One request from a web-server access log in Combined Log Format
/// (`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`), or Common Log
/// Format, which lacks the last two fields.
package struct AccessLogRecord: Sendable, Hashable {
    /// Client address as logged.
    package var ip: String
    /// Request time, epoch milliseconds.
    package var epochMillis: Int64
    /// Request method (`GET`).
    package var method: String
    /// Request target (`/pricing?utm_source=x`).
    package var target: String
    /// Response status.
    package var status: Int
    /// Referer header, empty for `-` or when absent.
    package var referrer: String
    /// User-Agent header, empty for `-` or when absent.
    package var userAgent: String

    /// Parses one log line.
    package init(parsing line: String) throws(IngestError) {
        var s = Substring(line)
        func word() -> Substring {
            let w = s.prefix { $0 != " " }
            s = s.dropFirst(w.count).drop { $0 == " " }
            return w
        }
        let host = word()
        guard !host.isEmpty else { throw .invalidLogLine("no client address") }
        ip = String(host)
        guard let open = s.firstIndex(of: "["), let close = s[open...].firstIndex(of: "]") else {
            throw .invalidLogLine("no [time]")
        }
        guard let millis = Self.parseTime(s[s.index(after: open)..<close]) else {
            throw .invalidLogLine("time is not dd/Mon/yyyy:HH:MM:SS ±hhmm")
        }
        epochMillis = millis
        s = s[s.index(after: close)...].drop { $0 == " " }
        guard let request = Self.quoted(&s) else { throw .invalidLogLine("no quoted request") }
        let parts = request.split(separator: " ", omittingEmptySubsequences: true)
        method = parts.first.map(String.init) ?? ""
        target = parts.count > 1 ? String(parts[1]) : ""
        guard let code = Int(word()), code >= 100, code <= 599 else { throw .invalidLogLine("no status code") }
        status = code
        _ = word()
        let ref = Self.quoted(&s) ?? "-"
        referrer = ref == "-" ? "" : ref
        let agent = Self.quoted(&s) ?? "-"
        userAgent = agent == "-" ? "" : agent
    }

    /// Why this request is not a page view, or nil when it is one (README:
    /// "Access logs"): only `GET` requests answered 2xx or 3xx for a path that
    /// is not a static asset count.
    package var notPageViewReason: String? {
        guard method == "GET" else { return "method \(method.prefix(16)) is not GET" }
        guard (200...399).contains(status) else { return "status \(status) is not 2xx or 3xx" }
        guard target.hasPrefix("/") || target.hasPrefix("http") else { return "request target is not a path" }
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

    // A "…" field with \" and \\ escapes, as Apache and nginx write them.
    private static func quoted(_ s: inout Substring) -> String? {
        guard s.first == "\"" else { return nil }
        var out = ""
        var i = s.index(after: s.startIndex)
        while i < s.endIndex {
            let c = s[i]
            if c == "\\", s.index(after: i) < s.endIndex {
                i = s.index(after: i)
                out.append(s[i])
            } else if c == "\"" {
                s = s[s.index(after: i)...].drop { $0 == " " }
                return out
            } else {
                out.append(c)
            }
            i = s.index(after: i)
        }
        return nil
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Epoch milliseconds of a log time such as `10/Oct/2000:13:55:36 -0700`.
    static func parseTime(_ t: Substring) -> Int64? {
        let b = Array(t.utf8)
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
