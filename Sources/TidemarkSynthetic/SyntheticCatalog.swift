/// The fixed vocabulary of synthetic traffic: pages, referrers, campaigns,
/// user agents, countries and the daily traffic curve. Weights are relative.
enum SyntheticCatalog {
    /// Landing and browsing pages of a content site, most popular first.
    static let contentPages: [String] = {
        let head = [
            "/", "/pricing", "/blog", "/docs", "/features", "/docs/getting-started", "/signup", "/about",
            "/login", "/docs/install", "/changelog", "/customers", "/docs/configuration", "/contact",
        ]
        let blog = [
            "counting-visitors-without-cookies", "why-we-chose-swift", "surviving-a-region-outage",
            "hive-partitions-explained", "the-cost-of-a-pageview", "idempotent-reports", "zipf-everywhere",
            "our-first-year", "migrating-from-google-analytics", "bot-traffic-in-2026", "utm-parameters-done-right",
            "self-hosting-guide", "gdpr-and-analytics", "five-metrics-that-matter", "black-friday-postmortem",
        ]
        let docs = [
            "regions", "replication", "reports", "jobs", "cron", "collector", "pixel", "api", "duckdb", "spark",
            "faq", "troubleshooting",
        ]
        let tail = ["/careers", "/privacy", "/terms", "/security", "/press", "/integrations", "/status"]
        var pages = head
        // Interleave blog posts and docs so popularity falls off smoothly.
        for i in 0..<max(blog.count, docs.count) {
            if i < blog.count { pages.append("/blog/" + blog[i]) }
            if i < docs.count { pages.append("/docs/" + docs[i]) }
        }
        return pages + tail
    }()

    /// Pages of a shop, most popular first.
    static let shopPages: [String] = {
        let head = ["/", "/sale", "/collections/new", "/search", "/collections/women", "/collections/men"]
        let adjectives = ["linen", "wool", "canvas", "leather", "cotton", "denim", "merino", "cashmere"]
        let nouns = ["shirt", "scarf", "tote", "jacket", "sneakers", "beanie", "socks", "backpack"]
        var products: [String] = []
        // Walk the grid diagonally so neighbouring ranks are different items.
        for k in 0..<(adjectives.count * nouns.count) {
            let a = adjectives[k % adjectives.count]
            let n = nouns[(k / adjectives.count + k) % nouns.count]
            products.append("/products/" + a + "-" + n)
        }
        let tail = [
            "/collections/accessories", "/account", "/shipping", "/returns", "/about", "/gift-cards",
            "/contact", "/stores",
        ]
        return head + Array(products.prefix(8)) + ["/collections/kids"] + Array(products.dropFirst(8)) + tail
    }()

    /// Referrer hosts of a visit's first event; `""` is direct traffic.
    static let contentReferrers: [(String, Double)] = [
        ("", 40), ("google.com", 24), ("bing.com", 4), ("duckduckgo.com", 3.5), ("ecosia.org", 1),
        ("news.ycombinator.com", 4), ("reddit.com", 2.5), ("t.co", 3), ("linkedin.com", 2.5), ("facebook.com", 1.5),
        ("github.com", 3), ("stackoverflow.com", 1.5), ("theguardian.com", 0.8), ("heise.de", 0.7),
        ("nytimes.com", 0.5), ("lobste.rs", 0.6), ("producthunt.com", 0.9),
    ]

    /// Referrer hosts for the shop.
    static let shopReferrers: [(String, Double)] = [
        ("", 38), ("google.com", 27), ("bing.com", 3), ("duckduckgo.com", 1.5), ("instagram.com", 7),
        ("facebook.com", 5), ("pinterest.com", 4), ("tiktok.com", 3), ("reddit.com", 1), ("t.co", 1),
        ("vogue.com", 0.8), ("theguardian.com", 0.6), ("example.com", 2),
    ]

    /// UTM source, medium, campaign and the referrer the link brings along.
    struct Campaign {
        /// `utm_source`.
        var source: String
        /// `utm_medium`, or empty.
        var medium: String
        /// `utm_campaign`, or empty.
        var campaign: String
        /// The referrer host the link arrives with, or empty.
        var refHost: String
    }

    /// Campaigns tagged visits come from; some leave medium or campaign out.
    static let campaigns: [(Campaign, Double)] = [
        (Campaign(source: "newsletter", medium: "email", campaign: "november-digest", refHost: ""), 30),
        (Campaign(source: "google", medium: "cpc", campaign: "brand-search", refHost: "google.com"), 22),
        (Campaign(source: "facebook", medium: "social", campaign: "black-friday", refHost: "facebook.com"), 14),
        (Campaign(source: "twitter", medium: "social", campaign: "launch-week", refHost: "t.co"), 9),
        (Campaign(source: "linkedin", medium: "social", campaign: "launch-week", refHost: "linkedin.com"), 7),
        (Campaign(source: "partner-blog", medium: "referral", campaign: "", refHost: "blog.partner.example"), 6),
        (Campaign(source: "producthunt", medium: "", campaign: "", refHost: "producthunt.com"), 4),
        (Campaign(source: "newsletter", medium: "email", campaign: "welcome-series", refHost: ""), 8),
    ]

    /// Browser and OS families by device class.
    static let desktopAgents: [((String, String), Double)] = [
        (("Chrome", "Windows"), 34), (("Edge", "Windows"), 12), (("Chrome", "macOS"), 14), (("Safari", "macOS"), 10),
        (("Firefox", "Windows"), 6), (("Firefox", "Linux"), 3), (("Chrome", "Linux"), 3), (("Firefox", "macOS"), 2),
        (("Chrome", "ChromeOS"), 2), (("Opera", "Windows"), 1.5), (("", ""), 1),
    ]

    /// Mobile browsers and systems.
    static let mobileAgents: [((String, String), Double)] = [
        (("Chrome", "Android"), 40), (("Safari", "iOS"), 38), (("Samsung Internet", "Android"), 8),
        (("Chrome", "iOS"), 5), (("Firefox", "Android"), 2), (("Opera", "Android"), 1), (("", "Android"), 1),
    ]

    /// Tablet browsers and systems.
    static let tabletAgents: [((String, String), Double)] = [
        (("Safari", "iOS"), 60), (("Chrome", "Android"), 28), (("Samsung Internet", "Android"), 10),
        (("Firefox", "Android"), 2),
    ]

    /// Crawlers: browser family, and the country they crawl from.
    static let bots: [((String, String), Double)] = [
        (("Googlebot", "US"), 45), (("bingbot", "US"), 20), (("AhrefsBot", "SG"), 12), (("YandexBot", "RU"), 8),
        (("Applebot", "US"), 8), (("", ""), 7),
    ]

    /// Visitor countries (ISO 3166-1 alpha-2; `""` when the edge did not know).
    static let countries: [(String, Double)] = [
        ("US", 30), ("DE", 9), ("GB", 8), ("IN", 6), ("FR", 5), ("NL", 4), ("CA", 4), ("BR", 4), ("JP", 3),
        ("ES", 3), ("IT", 3), ("PL", 2), ("SE", 2), ("AU", 2), ("MX", 2), ("CH", 1), ("AT", 1), ("BE", 1),
        ("DK", 1), ("NO", 1), ("FI", 0.8), ("IE", 0.8), ("PT", 0.8), ("KR", 0.8), ("SG", 0.7), ("ZA", 0.6),
        ("NG", 0.5), ("TR", 0.7), ("AR", 0.6), ("", 2),
    ]

    /// Relative traffic per UTC hour for a Europe-plus-Americas audience:
    /// quiet at night, a European morning, a peak when both are awake.
    static let diurnal: [Double] = [
        1.0, 0.7, 0.55, 0.45, 0.45, 0.55, 0.85, 1.3, 1.9, 2.4, 2.7, 2.8,
        2.9, 3.1, 3.4, 3.6, 3.5, 3.2, 2.9, 2.6, 2.3, 2.0, 1.6, 1.25,
    ]
}
