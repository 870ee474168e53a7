import TidemarkCore
import TidemarkIngest

/// Everything the collector needs to run, resolved from the configuration by
/// the CLI (which alone reads files and the environment).
package struct CollectorSettings: Sendable {
    /// Key prefix inside every bucket.
    package var prefix: String
    /// Sites accepted; empty accepts any valid site id.
    package var sites: [String]
    /// Each site's zone, whose local date salts visitor ids (SPEC §1.1); UTC when missing.
    package var zones: [String: SiteZone] = [:]
    /// The spool directory.
    package var spoolRoot: String
    /// This collector's id (`c1`).
    package var collectorID: String
    /// Host to listen on.
    package var host: String
    /// Port to listen on (0 picks a free one).
    package var port: Int
    /// Visitor-id salt secret.
    package var saltSecret: [UInt8]
    /// Field-length and time-window limits.
    package var limits: HitLimits
    /// Proxies whose `X-Forwarded-For` is believed.
    package var trustedProxies: [IPRange]
    /// Header holding the visitor's country, set by the edge (e.g. `CF-IPCountry`).
    package var countryHeader: String?
    /// Largest request body accepted.
    package var maxBodyBytes: Int
    /// Spool size (segments + journal) above which hits are refused with 503.
    package var spoolLimitBytes: Int
    /// Seconds a journal file stays open before its events are sealed.
    package var sealAgeSeconds: Double
    /// Journal bytes after which its events are sealed early.
    package var sealBytes: Int
    /// Seconds given to uploads after SIGTERM.
    package var shutdownGraceSeconds: Double
    /// `Retry-After` of a 503.
    package var retryAfterSeconds: Int

    package init(
        prefix: String, sites: [String], spoolRoot: String, collectorID: String, host: String, port: Int,
        saltSecret: [UInt8], limits: HitLimits = HitLimits(), trustedProxies: [IPRange] = [],
        countryHeader: String? = nil, maxBodyBytes: Int = 65_536, spoolLimitBytes: Int = 1 << 30,
        sealAgeSeconds: Double = 30, sealBytes: Int = 4 << 20, shutdownGraceSeconds: Double = 10,
        retryAfterSeconds: Int = 30
    ) {
        self.prefix = prefix
        self.sites = sites
        self.spoolRoot = spoolRoot
        self.collectorID = collectorID
        self.host = host
        self.port = port
        self.saltSecret = saltSecret
        self.limits = limits
        self.trustedProxies = trustedProxies
        self.countryHeader = countryHeader
        self.maxBodyBytes = maxBodyBytes
        self.spoolLimitBytes = spoolLimitBytes
        self.sealAgeSeconds = sealAgeSeconds
        self.sealBytes = sealBytes
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.retryAfterSeconds = retryAfterSeconds
    }
}
