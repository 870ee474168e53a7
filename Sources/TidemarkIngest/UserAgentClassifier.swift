import Synchronization
import TidemarkCore

/// Browser, operating system and device class from a User-Agent header.
///
/// Ordered substring rules, first match wins (the order is the knowledge:
/// Edge and Opera carry `Chrome/`, Chrome carries `Safari/`, iOS carries
/// `like Mac OS X`). `Fixtures/user-agents.tsv` holds the table the tests
/// check row by row.
package enum UserAgentClassifier {
    /// What a user agent says about its sender.
    package struct Classification: Sendable, Hashable {
        /// Browser family or empty.
        package var browser: String
        /// Operating-system family or empty.
        package var os: String
        /// Device class.
        package var device: Device

        package init(browser: String, os: String, device: Device) {
            self.browser = browser
            self.os = os
            self.device = device
        }
    }

    /// Classifies `userAgent`; an empty one is a bot (real browsers always send one).
    package static func classify(_ userAgent: String) -> Classification {
        if let hit = cache.withLock({ $0[userAgent] }) { return hit }
        let result = compute(userAgent)
        cache.withLock { c in
            // User agents repeat heavily; a bounded table keeps the common ones.
            if c.count >= 4096 { c.removeAll(keepingCapacity: true) }
            c[userAgent] = result
        }
        return result
    }

    private static let cache = Mutex<[String: Classification]>([:])

    private static func compute(_ userAgent: String) -> Classification {
        let ua = Array(userAgent.utf8)
        let lower = ByteSearch.asciiLowercased(ua)
        func has(_ markers: [[UInt8]], in bytes: [UInt8]) -> Bool { markers.contains { ByteSearch.contains(bytes, $0) } }
        let browser = first(browserRules, in: ua) ?? ""
        let os = first(systemRules, in: ua) ?? ""
        let device: Device
        if ua.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) || has(botRules, in: lower) {
            device = .bot
        } else if has(tabletRules, in: ua) || (ByteSearch.contains(ua, android) && !ByteSearch.contains(ua, mobile)) {
            device = .tablet
        } else if has(mobileRules, in: ua) {
            device = .mobile
        } else {
            device = .desktop
        }
        return Classification(browser: browser, os: os, device: device)
    }

    private static func first(_ rules: [([UInt8], String)], in ua: [UInt8]) -> String? {
        for (marker, name) in rules where ByteSearch.contains(ua, marker) { return name }
        return nil
    }

    private static let android = Array("Android".utf8)
    private static let mobile = Array("Mobile".utf8)
    private static let botRules = botMarkers.map { Array($0.utf8) }
    private static let tabletRules = tabletMarkers.map { Array($0.utf8) }
    private static let mobileRules = mobileMarkers.map { Array($0.utf8) }
    private static let browserRules = browsers.map { (Array($0.0.utf8), $0.1) }
    private static let systemRules = systems.map { (Array($0.0.utf8), $0.1) }

    /// Lowercase substrings of crawlers, monitors, HTTP libraries and headless browsers.
    static let botMarkers = [
        "bot", "crawler", "spider", "crawl", "slurp", "headlesschrome", "headless", "phantomjs", "puppeteer",
        "playwright", "selenium", "webdriver", "lighthouse", "pingdom", "uptimerobot", "statuscake", "curl/",
        "wget/", "python-requests", "python-urllib", "aiohttp", "go-http-client", "java/", "okhttp", "libwww-perl",
        "httpclient", "node-fetch", "axios/", "facebookexternalhit", "whatsapp", "feedfetcher", "mediapartners-google",
        "bingpreview", "yandex.com/bots", "ahrefs", "semrush", "gptbot", "ccbot", "bytespider", "petalbot",
        "scrapy", "httpx", "postmanruntime", "insomnia", "zgrab", "masscan", "nmap",
    ]

    /// Substrings that make a device a tablet.
    static let tabletMarkers = ["iPad", "Tablet", "Kindle", "Silk/", "PlayBook"]
    /// Substrings that make a device a phone.
    static let mobileMarkers = ["Mobile", "iPhone", "iPod", "Windows Phone", "Opera Mini", "BlackBerry", "BB10"]

    /// Browser markers and family names, first match wins.
    static let browsers: [(String, String)] = [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("Edge/", "Edge"),
        ("OPR/", "Opera"), ("OPiOS/", "Opera"), ("Opera", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"), ("YaBrowser/", "Yandex Browser"), ("Vivaldi/", "Vivaldi"),
        ("UCBrowser/", "UC Browser"), ("DuckDuckGo/", "DuckDuckGo"), ("Silk/", "Silk"),
        ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Firefox/", "Firefox"),
        ("HeadlessChrome/", "Chrome"), ("Chromium/", "Chromium"), ("Chrome/", "Chrome"),
        ("Version/", "Safari"), ("MSIE ", "Internet Explorer"), ("Trident/", "Internet Explorer"),
    ]

    /// Operating-system markers and family names, first match wins.
    static let systems: [(String, String)] = [
        ("Windows Phone", "Windows Phone"), ("Windows", "Windows"),
        ("iPhone", "iOS"), ("iPad", "iOS"), ("iPod", "iOS"),
        ("Android", "Android"), ("CrOS", "Chrome OS"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"),
        ("FreeBSD", "FreeBSD"), ("OpenBSD", "OpenBSD"), ("Linux", "Linux"), ("X11", "Linux"),
    ]
}
