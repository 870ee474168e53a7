/// `tidemark.yml` (SPEC §5). Credentials never appear here: only the names of
/// the environment variables that hold them.
package struct TidemarkConfiguration: Sendable, Decodable, Equatable {
    /// Key prefix inside every bucket.
    package var prefix: String
    /// `sites:` entries in order: a name, and the zone it is reported in.
    package var siteEntries: [SiteEntry]
    /// Regions in read order.
    package var regions: [RegionConfiguration]
    /// The local spool directory.
    package var spool: String
    /// Collector settings.
    package var collector: CollectorConfiguration
    /// Folder of job definitions; nil (no `jobs:` key, or no configuration)
    /// means the built-in jobs (`JobCatalog.builtIn`).
    package var jobs: String?
    /// Where reports also go, and in which formats.
    package var reports: ReportsConfiguration
    /// `tidemark serve` settings.
    package var serve: ServeConfiguration = ServeConfiguration()
    /// Log format and level defaults (docs/LOGGING.md).
    package var log: LogConfiguration = LogConfiguration()

    enum CodingKeys: String, CodingKey, CaseIterable {
        case prefix, sites, regions, spool, collector, jobs, reports, serve, log
    }

    package init(
        prefix: String = "tidemark", sites: [SiteEntry] = [], regions: [RegionConfiguration], spool: String,
        collector: CollectorConfiguration = CollectorConfiguration(), jobs: String? = nil,
        reports: ReportsConfiguration = ReportsConfiguration()
    ) {
        self.prefix = prefix
        self.siteEntries = sites
        self.regions = regions
        self.spool = spool
        self.collector = collector
        self.jobs = jobs
        self.reports = reports
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prefix = try c.decodeIfPresent(String.self, forKey: .prefix) ?? "tidemark"
        siteEntries = try c.decodeIfPresent([SiteEntry].self, forKey: .sites) ?? []
        spool = try c.decodeIfPresent(String.self, forKey: .spool) ?? "./tidemark-data/spool"
        collector = try c.decodeIfPresent(CollectorConfiguration.self, forKey: .collector) ?? CollectorConfiguration()
        jobs = try c.decodeIfPresent(String.self, forKey: .jobs)
        reports = try c.decodeIfPresent(ReportsConfiguration.self, forKey: .reports) ?? ReportsConfiguration()
        serve = try c.decodeIfPresent(ServeConfiguration.self, forKey: .serve) ?? ServeConfiguration()
        log = try c.decodeIfPresent(LogConfiguration.self, forKey: .log) ?? LogConfiguration()
        // Last: a misspelled key in a section below is a better first error than "missing key regions".
        regions = try c.decode([RegionConfiguration].self, forKey: .regions)
    }

    /// Sites the collector and `ingest` accept, in configured order; empty
    /// accepts any valid site id. Setting it gives every site UTC.
    package var sites: [String] {
        get { siteEntries.map(\.name) }
        set { siteEntries = newValue.map { SiteEntry(name: $0) } }
    }

    /// The zone `site` is reported in: its configured `time_zone`, else UTC
    /// (also for a site not configured, or a zone `problems()` rejects).
    package func zone(for site: String) -> SiteZone {
        guard let entry = siteEntries.first(where: { $0.name == site }), let name = entry.timeZone else { return .utc }
        return SiteZone(identifier: name) ?? .utc
    }

    /// Every configured site's zone, by site.
    package var zones: [String: SiteZone] {
        var out: [String: SiteZone] = [:]
        for e in siteEntries { out[e.name] = zone(for: e.name) }
        return out
    }

    /// The site of the embedded default and the demo with a DST zone, so the
    /// first run shows local days.
    package static let defaultSites = [
        SiteEntry(name: "example.com"), SiteEntry(name: "shop.example.com", timeZone: "Europe/Amsterdam"),
    ]

    /// The embedded default: three local-directory regions under `base`, and
    /// the sites `example.com` (UTC) and `shop.example.com` (Europe/Amsterdam).
    package static func embeddedDefault(base: String = "./tidemark-data") -> TidemarkConfiguration {
        TidemarkConfiguration(
            sites: defaultSites,
            regions: ["eu", "us", "ap"].map {
                RegionConfiguration(name: $0, endpoint: "file://" + base + "/regions/" + $0)
            },
            spool: base + "/spool",
            reports: ReportsConfiguration(localDir: base + "/reports"))
    }

    /// Problems that make the configuration unusable, one line each.
    package func problems() -> [String] {
        var out: [String] = []
        if prefix.hasPrefix("/") || prefix.hasSuffix("/") {
            out.append("prefix \"\(prefix)\" must not start or end with /")
        }
        var seenSites: Set<String> = []
        for entry in siteEntries {
            let site = entry.name
            if !Validation.isSiteID(site) {
                out.append("sites: \"\(site)\" is not a site id ([a-z0-9][a-z0-9.-]{0,252})")
            }
            if !seenSites.insert(site).inserted { out.append("sites: \"\(site)\" appears twice") }
            if let name = entry.timeZone, SiteZone(identifier: name) == nil {
                out.append("sites: \"\(site)\": unknown time zone \"\(name)\" (an IANA name such as Europe/Amsterdam, or UTC)")
            }
        }
        if regions.isEmpty { out.append("regions: at least one region is needed") }
        var seen: Set<String> = []
        for r in regions {
            if !seen.insert(r.name).inserted { out.append("regions: name \"\(r.name)\" appears twice") }
            if r.name.isEmpty || !r.name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }) {
                out.append("regions: name \"\(r.name)\" must be lowercase letters, digits, - or _")
            }
            if !r.isLocal {
                if r.bucket?.isEmpty ?? true { out.append("region \(r.name): bucket is required for an S3 endpoint") }
                if r.accessKeyEnv?.isEmpty ?? true || r.secretKeyEnv?.isEmpty ?? true {
                    out.append("region \(r.name): access_key_env and secret_key_env are required for an S3 endpoint")
                }
                if !(r.endpoint.hasPrefix("http://") || r.endpoint.hasPrefix("https://")) {
                    out.append("region \(r.name): endpoint must start with http://, https:// or file://")
                }
            }
        }
        out += collector.problems()
        return out
    }
}

/// One `sites:` entry: a plain site id (reported in UTC), or
/// `{name, time_zone}` with an IANA zone name (SPEC §3.1, §5).
package struct SiteEntry: Sendable, Decodable, Equatable {
    /// The site id.
    package var name: String
    /// The IANA zone name as configured; nil for UTC.
    package var timeZone: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case timeZone = "time_zone"
    }

    /// A site reported in `timeZone` (nil: UTC).
    package init(name: String, timeZone: String? = nil) {
        self.name = name
        self.timeZone = timeZone
    }

    /// A string, or a mapping with `name` and an optional `time_zone`.
    package init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            self.init(name: name)
            return
        }
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), timeZone: try c.decodeIfPresent(String.self, forKey: .timeZone))
    }
}

/// One region: an S3-compatible endpoint and bucket, or a local directory.
package struct RegionConfiguration: Sendable, Decodable, Equatable {
    /// Short name (`eu`), used in messages, queues and metrics.
    package var name: String
    /// `https://…`, `http://…` or `file:///path` (`file://relative/path` is relative to the working directory).
    package var endpoint: String
    /// Bucket name (S3 only).
    package var bucket: String?
    /// SigV4 signing region (S3 only); `us-east-1` when absent.
    package var region: String?
    /// Name of the environment variable holding the access key.
    package var accessKeyEnv: String?
    /// Name of the environment variable holding the secret key.
    package var secretKeyEnv: String?
    /// PEM bundle for a private CA.
    package var caBundle: String?
    /// Connect timeout.
    package var connectTimeoutMs: Int?
    /// Total timeout of a small request; larger ones get more time by size.
    package var timeoutMs: Int?
    /// A transfer slower than 1 byte/s for this long is abandoned.
    package var lowSpeedSeconds: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, endpoint, bucket, region
        case accessKeyEnv = "access_key_env"
        case secretKeyEnv = "secret_key_env"
        case caBundle = "ca_bundle"
        case connectTimeoutMs = "connect_timeout_ms"
        case timeoutMs = "timeout_ms"
        case lowSpeedSeconds = "low_speed_seconds"
    }

    package init(
        name: String, endpoint: String, bucket: String? = nil, region: String? = nil, accessKeyEnv: String? = nil,
        secretKeyEnv: String? = nil, caBundle: String? = nil, connectTimeoutMs: Int? = nil, timeoutMs: Int? = nil,
        lowSpeedSeconds: Int? = nil
    ) {
        self.name = name
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region
        self.accessKeyEnv = accessKeyEnv
        self.secretKeyEnv = secretKeyEnv
        self.caBundle = caBundle
        self.connectTimeoutMs = connectTimeoutMs
        self.timeoutMs = timeoutMs
        self.lowSpeedSeconds = lowSpeedSeconds
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), endpoint: try c.decode(String.self, forKey: .endpoint),
            bucket: try c.decodeIfPresent(String.self, forKey: .bucket),
            region: try c.decodeIfPresent(String.self, forKey: .region),
            accessKeyEnv: try c.decodeIfPresent(String.self, forKey: .accessKeyEnv),
            secretKeyEnv: try c.decodeIfPresent(String.self, forKey: .secretKeyEnv),
            caBundle: try c.decodeIfPresent(String.self, forKey: .caBundle),
            connectTimeoutMs: try c.decodeIfPresent(Int.self, forKey: .connectTimeoutMs),
            timeoutMs: try c.decodeIfPresent(Int.self, forKey: .timeoutMs),
            lowSpeedSeconds: try c.decodeIfPresent(Int.self, forKey: .lowSpeedSeconds))
    }

    /// True for a `file://` region.
    package var isLocal: Bool { endpoint.hasPrefix("file://") }

    /// The directory of a `file://` region.
    package var localPath: String? {
        guard isLocal else { return nil }
        let rest = String(endpoint.dropFirst("file://".count))
        return rest.removingPercentEncodingLite()
    }
}

/// `collector:` settings. Every key but `id` and `listen` is optional with a default.
package struct CollectorConfiguration: Sendable, Decodable, Equatable {
    /// Unique per collector process.
    package var id: String
    /// `host:port` to listen on.
    package var listen: String
    /// Name of the environment variable holding the visitor-id salt secret.
    package var saltSecretEnv: String?
    /// Addresses or CIDR blocks of proxies whose `X-Forwarded-For` is believed.
    package var trustedProxies: [String]
    /// Request header the edge sets to the visitor's country (`CF-IPCountry`).
    package var countryHeader: String?
    /// Largest request body accepted; larger ones get 413.
    package var maxBodyBytes: Int
    /// Spool size (segments plus journal) above which hits get 503.
    package var spoolLimitBytes: Int
    /// Seconds a journal file collects events before they are sealed into segments.
    package var sealAgeSeconds: Double
    /// Journal bytes after which events are sealed early.
    package var sealBytes: Int
    /// Seconds SIGTERM leaves for uploads before exiting.
    package var shutdownGraceSeconds: Double
    /// `Retry-After` seconds of a 503.
    package var retryAfterSeconds: Int
    /// Longest URL, referrer, path and user agent, in bytes.
    package var maxFieldBytes: Int
    /// Longest custom event name, in bytes.
    package var maxNameBytes: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, listen
        case saltSecretEnv = "salt_secret_env"
        case trustedProxies = "trusted_proxies"
        case countryHeader = "country_header"
        case maxBodyBytes = "max_body_bytes"
        case spoolLimitBytes = "spool_limit_bytes"
        case sealAgeSeconds = "seal_age_seconds"
        case sealBytes = "seal_bytes"
        case shutdownGraceSeconds = "shutdown_grace_seconds"
        case retryAfterSeconds = "retry_after_seconds"
        case maxFieldBytes = "max_field_bytes"
        case maxNameBytes = "max_name_bytes"
    }

    package init(
        id: String = "c1", listen: String = "127.0.0.1:8080", saltSecretEnv: String? = nil,
        trustedProxies: [String] = [], countryHeader: String? = nil, maxBodyBytes: Int = 65_536,
        spoolLimitBytes: Int = 1 << 30, sealAgeSeconds: Double = 30, sealBytes: Int = 4 << 20,
        shutdownGraceSeconds: Double = 10, retryAfterSeconds: Int = 30, maxFieldBytes: Int = 2048,
        maxNameBytes: Int = 128
    ) {
        self.id = id
        self.listen = listen
        self.saltSecretEnv = saltSecretEnv
        self.trustedProxies = trustedProxies
        self.countryHeader = countryHeader
        self.maxBodyBytes = maxBodyBytes
        self.spoolLimitBytes = spoolLimitBytes
        self.sealAgeSeconds = sealAgeSeconds
        self.sealBytes = sealBytes
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.retryAfterSeconds = retryAfterSeconds
        self.maxFieldBytes = maxFieldBytes
        self.maxNameBytes = maxNameBytes
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CollectorConfiguration()
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? d.id
        listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? d.listen
        saltSecretEnv = try c.decodeIfPresent(String.self, forKey: .saltSecretEnv)
        trustedProxies = try c.decodeIfPresent([String].self, forKey: .trustedProxies) ?? d.trustedProxies
        countryHeader = try c.decodeIfPresent(String.self, forKey: .countryHeader)
        maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? d.maxBodyBytes
        spoolLimitBytes = try c.decodeIfPresent(Int.self, forKey: .spoolLimitBytes) ?? d.spoolLimitBytes
        sealAgeSeconds = try c.decodeIfPresent(Double.self, forKey: .sealAgeSeconds) ?? d.sealAgeSeconds
        sealBytes = try c.decodeIfPresent(Int.self, forKey: .sealBytes) ?? d.sealBytes
        shutdownGraceSeconds = try c.decodeIfPresent(Double.self, forKey: .shutdownGraceSeconds) ?? d.shutdownGraceSeconds
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? d.retryAfterSeconds
        maxFieldBytes = try c.decodeIfPresent(Int.self, forKey: .maxFieldBytes) ?? d.maxFieldBytes
        maxNameBytes = try c.decodeIfPresent(Int.self, forKey: .maxNameBytes) ?? d.maxNameBytes
    }

    /// Problems with the collector settings, one line each.
    package func problems() -> [String] {
        var out: [String] = []
        if id.isEmpty || !id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }) {
            out.append("collector.id \"\(id)\" must be lowercase letters, digits, - or _")
        }
        if maxBodyBytes < 1024 { out.append("collector.max_body_bytes must be at least 1024") }
        if spoolLimitBytes < 4096 { out.append("collector.spool_limit_bytes must be at least 4096") }
        if sealAgeSeconds <= 0 { out.append("collector.seal_age_seconds must be positive") }
        if sealBytes < 1024 { out.append("collector.seal_bytes must be at least 1024") }
        if shutdownGraceSeconds < 0 { out.append("collector.shutdown_grace_seconds must not be negative") }
        if maxFieldBytes < 64 || maxNameBytes < 1 { out.append("collector.max_field_bytes must be at least 64 and max_name_bytes at least 1") }
        return out
    }
}

/// `reports:` settings.
package struct ReportsConfiguration: Sendable, Decodable, Equatable {
    /// Optional extra local copy of every report.
    package var localDir: String?
    /// Output formats.
    package var formats: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case localDir = "local_dir"
        case formats
    }

    package init(localDir: String? = nil, formats: [String] = ["json", "csv", "html"]) {
        self.localDir = localDir
        self.formats = formats
    }

    package init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        localDir = try c.decodeIfPresent(String.self, forKey: .localDir)
        formats = try c.decodeIfPresent([String].self, forKey: .formats) ?? ["json", "csv", "html"]
    }
}

extension String {
    // file:// URLs may percent-encode spaces; Foundation-free decoding.
    func removingPercentEncodingLite() -> String {
        guard contains("%") else { return self }
        var out: [UInt8] = []
        var it = Array(utf8)[...]
        while let c = it.popFirst() {
            if c == 0x25, it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                it = it.dropFirst(2)
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
