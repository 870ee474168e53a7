import TidemarkCore

/// One site's day, generated visitor by visitor so memory stays constant
/// however many events are asked for.
struct SiteStream {
    private typealias Action = SiteModel.Action

    private static let dayMillis = 86_400_000
    private static let minute = 60_000
    // Shares of people, visits and lines; crawlers make a few long, fast visits.
    private static let botShare = 0.004
    private static let campaignShare = 0.12
    private static let bounceShare = 0.42
    private static let retryShare = 0.005
    private static let lateRetryShare = 0.3

    private static let idHead = Array(#"{"id":""#.utf8)
    private static let tsHead = Array(#"","ts":""#.utf8)
    private static let tsTail = Array(#"Z","#.utf8)

    private let site: SyntheticSite
    private let model: SiteModel
    private var rng: SplitMix64
    private let dayStart: Int64
    private let prefix: [UInt8]
    private var emitted = 0

    /// The stream of `site` on `day`; each site draws from its own seed.
    init(seed: UInt64, day: Int, site: SyntheticSite) {
        self.site = site
        model = SiteModel(site: site.name, kind: site.kind)
        rng = SplitMix64(seed: SplitMix64.derive(seed, site.name, UInt64(bitPattern: Int64(day))))
        dayStart = Int64(day) * Int64(Self.dayMillis) + site.startOffsetMillis
        prefix = SyntheticText.dayPrefix(day)
    }

    private var done: Bool { emitted >= site.events }

    /// Sends every line of the site's day to `body`.
    mutating func run(_ body: (SyntheticLine) throws -> Void) rethrows {
        while !done {
            if rng.chance(Self.botShare) {
                try crawl(body)
            } else {
                try person(body)
            }
        }
    }

    /// `"visitor":…,"country":…,"browser":…,"os":…,"device":…}`: who a
    /// visitor is, the same on every line of the day.
    private mutating func visitorTail(country: [UInt8], agent: [UInt8], device: Device) -> [UInt8] {
        var tail = Array(#""visitor":""#.utf8)
        tail.reserveCapacity(tail.count + 18 + country.count + agent.count + 24)
        SyntheticText.appendHex(rng.next(), to: &tail)
        tail += #"","#.utf8
        tail += country
        tail += agent
        tail += model.deviceTail[device] ?? []
        return tail
    }

    private mutating func person(_ body: (SyntheticLine) throws -> Void) rethrows {
        let agent: [UInt8]
        let device: Device
        switch model.devices.pick(&rng) {
        case .desktop: (agent, device) = (model.desktop.pick(&rng), .desktop)
        case .mobile: (agent, device) = (model.mobile.pick(&rng), .mobile)
        case .tablet: (agent, device) = (model.tablet.pick(&rng), .tablet)
        }
        let visitor = visitorTail(country: model.countries.pick(&rng), agent: agent, device: device)
        // Most people come once a day; some come back after a break.
        var visits = 1
        while visits < 5, rng.chance(visits == 1 ? 0.2 : 0.3) { visits += 1 }
        var t = model.hours.pick(&rng) * 3_600_000 + rng.below(3_600_000)
        for _ in 0..<visits {
            guard t < Self.dayMillis, !done else { return }
            t = try visit(visitor, at: t, body)
            // A new visit: more than 30 minutes later, up to six hours.
            t += 31 * Self.minute + rng.below(330 * Self.minute)
        }
    }

    /// One visit from `start`; returns the time of its last event.
    private mutating func visit(_ visitor: [UInt8], at start: Int, _ body: (SyntheticLine) throws -> Void) rethrows
        -> Int
    {
        let entry = rng.chance(Self.campaignShare) ? model.campaigns.pick(&rng) : model.referrers.pick(&rng)
        var remaining = rng.chance(Self.bounceShare) ? 1 : 2 + geometric(0.35, cap: 25)
        var page = model.pages.pick(&rng)
        var t = start
        var first = true
        var inCart = false
        while remaining > 0, t < Self.dayMillis, !done {
            try send(.pageview, page, at: t, first ? entry : model.noEntry, visitor, body)
            first = false
            remaining -= 1
            var next: SiteModel.Page?
            var action: Action?
            switch (model.kind, page.role) {
            case (.content, .pricing) where rng.chance(0.08):
                next = model.signupPage
            case (.content, .signup) where rng.chance(0.4):
                t += 5_000 + rng.below(90_000)
                action = .signup
            case (.content, .docs) where rng.chance(0.04):
                t += 3_000 + rng.below(60_000)
                action = .download
            case (.content, .blog) where rng.chance(0.02):
                t += 20_000 + rng.below(200_000)
                action = .newsletterSubscribe
            case (.shop, .product) where rng.chance(0.1):
                t += 5_000 + rng.below(60_000)
                action = .addToCart
                inCart = true
                if rng.chance(0.45) { next = model.cartPage }
            case (.shop, .cart) where inCart && rng.chance(0.55):
                next = model.checkoutPage
            case (.shop, .checkout) where inCart:
                t += 2_000 + rng.below(10_000)
                try send(.beginCheckout, page, at: t, model.noEntry, visitor, body)
                if rng.chance(0.5) {
                    t += 30_000 + rng.below(150_000)
                    action = .purchase
                    next = model.thanksPage
                }
            case (.shop, .account) where rng.chance(0.1):
                t += 10_000 + rng.below(60_000)
                action = .signup
            default:
                if rng.chance(0.015) {
                    t += 2_000 + rng.below(120_000)
                    action = .outboundClick
                }
            }
            if let action { try send(action, page, at: t, model.noEntry, visitor, body) }
            if let next {
                // A funnel step is taken even where the visit would have ended.
                remaining = max(remaining, 1)
                if next.role == .thanks { remaining = 1 }
            }
            if remaining > 0 {
                t += gapWithinVisit()
                page = next ?? model.pages.pick(&rng)
            }
        }
        return t
    }

    /// A crawler: one long run of quick page views at any hour, from no referrer.
    private mutating func crawl(_ body: (SyntheticLine) throws -> Void) rethrows {
        let agent = model.bots.pick(&rng)
        let bot = visitorTail(country: agent.country, agent: agent.agent, device: .bot)
        var t = rng.below(Self.dayMillis)
        for _ in 0..<(10 + rng.below(50)) {
            guard t < Self.dayMillis, !done else { return }
            try send(.pageview, model.pages.pick(&rng), at: t, model.noEntry, bot, body)
            t += 500 + rng.below(20_000)
        }
    }

    /// Sends one event, and now and then a retry of it.
    private mutating func send(
        _ action: Action, _ page: SiteModel.Page, at millisOfDay: Int, _ entry: [UInt8], _ visitor: [UInt8],
        _ body: (SyntheticLine) throws -> Void
    ) rethrows {
        guard millisOfDay < Self.dayMillis, !done else { return }
        let millis = dayStart + Int64(millisOfDay)
        let text = assemble(
            id: (rng.next(), rng.next()), millis: millis, millisOfDay: millisOfDay,
            action: model.actions[action.rawValue], page: page.fragment, entry: entry, visitor: visitor)
        let line = SyntheticLine(text: text, eventMillis: millis, sentMillis: millis, isRetry: false)
        emitted += 1
        try body(line)
        if rng.chance(Self.retryShare) {
            // A client that missed the answer sends again: soon, or from an
            // offline queue hours later (then it lands in a later segment).
            let delay = rng.chance(Self.lateRetryShare) ? 3_600_000 + rng.below(5 * 3_600_000) : 1_000 + rng.below(30_000)
            try body(SyntheticLine(text: text, eventMillis: millis, sentMillis: millis + Int64(delay), isRetry: true))
        }
    }

    /// `{"id":…,"ts":…,` then the fragments, in `EventEncoder`'s field order.
    private func assemble(
        id: (UInt64, UInt64), millis: Int64, millisOfDay: Int, action: [UInt8], page: [UInt8], entry: [UInt8],
        visitor: [UInt8]
    ) -> String {
        // A shifted day crosses UTC dates: its `ts` comes from the instant itself.
        var prefix = prefix
        var millisOfDay = millisOfDay
        if site.startOffsetMillis != 0 {
            let (utcDay, rest) = Timestamp.floorDivMod(millis, Int64(Self.dayMillis))
            prefix = SyntheticText.dayPrefix(Int(utcDay))
            millisOfDay = Int(rest)
        }
        let fixed = Self.idHead.count + 32 + Self.tsHead.count + prefix.count + 12 + Self.tsTail.count
        let count = fixed + model.site.count + action.count + page.count + entry.count + visitor.count
        return String(unsafeUninitializedCapacity: count) { b in
            var at = 0
            func put(_ bytes: [UInt8]) {
                _ = UnsafeMutableBufferPointer(rebasing: b[at..<(at + bytes.count)]).initialize(fromContentsOf: bytes)
                at += bytes.count
            }
            put(Self.idHead)
            SyntheticText.writeHex(id.0, into: b, at: at)
            SyntheticText.writeHex(id.1, into: b, at: at + 16)
            at += 32
            put(Self.tsHead)
            put(prefix)
            SyntheticText.writeTime(millisOfDay: millisOfDay, into: b, at: at)
            at += 12
            put(Self.tsTail)
            put(model.site)
            put(action)
            put(page)
            put(entry)
            put(visitor)
            return at
        }
    }

    /// Time to the next page: mostly seconds to a few minutes, rarely up to
    /// 29 minutes (still the same visit).
    private mutating func gapWithinVisit() -> Int {
        let u = rng.unit()
        if u < 0.8 { return 4_000 + rng.below(150_000) }
        if u < 0.97 { return 150_000 + rng.below(12 * Self.minute) }
        return 15 * Self.minute + rng.below(14 * Self.minute)
    }

    private mutating func geometric(_ p: Double, cap: Int) -> Int {
        var n = 0
        while n < cap, !rng.chance(p) { n += 1 }
        return n
    }
}
