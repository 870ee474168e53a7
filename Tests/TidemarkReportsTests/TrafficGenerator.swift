import TidemarkCore
import TidemarkSynthetic

extension SplitMix64 {
    /// One of `items`, uniformly.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Generates a synthetic site-day whose visits sit on the rules' edges:
/// gaps of exactly 1800 s, 1800.001 s and 1799.999 s, visits across hour
/// boundaries, bots, and duplicate ids with differing copies in the same hour.
enum TrafficGenerator {
    /// The day's segments per hour (24 entries), each segment in line order.
    static func day(seed: UInt64, visitors: Int) -> [[[Event]]] {
        var rng = SplitMix64(seed: seed)
        let dayStart = Int64(TestEvents.day) * 86_400_000
        let paths = ["/", "/pricing", "/docs", "/blog/a", "/blog/b", "/é", "/e\u{301}"]
        var events: [Event] = []
        var nextID: UInt64 = 0
        func event(_ millis: Int64, visitor: UInt64, bot: Bool, device: Device) -> Event {
            nextID += 1
            let kind: EventKind = rng.below(100) < 85 ? .pageview : .event
            return Event(
                id: TestEvents.hex(rng.next(), count: 16) + TestEvents.hex(nextID, count: 16),
                ts: Timestamp.formatMillis(millis), epochMillis: millis, site: TestEvents.site, type: kind,
                name: kind == .event ? rng.pick(["signup", "download", "play"]) : "", path: rng.pick(paths),
                refHost: rng.pick(["", "", "google.com", "t.co"]), utmSource: rng.pick(["", "", "news"]),
                utmMedium: rng.pick(["", "email"]), utmCampaign: rng.pick(["", "nov"]),
                visitor: TestEvents.hex(visitor, count: 16), country: rng.pick(["", "NL", "DE", "US"]),
                browser: rng.pick(["Firefox", "Chrome", ""]), os: rng.pick(["Linux", "iOS", ""]),
                device: bot ? .bot : device)
        }
        for v in 0..<visitors {
            let visitor = rng.next()
            let bot = rng.below(100) < 3
            let device = rng.pick([Device.desktop, .mobile, .tablet])
            for _ in 0..<(1 + rng.below(4)) {
                var t = dayStart + Int64(rng.below(86_400_000))
                // Some visits start right before an hour boundary.
                if v % 5 == 0 { t = t - t % 3_600_000 + 3_600_000 - Int64(rng.below(120_000)) - 1 }
                for _ in 0..<(1 + rng.below(8)) {
                    guard t < dayStart + 86_400_000 else { break }
                    events.append(event(t, visitor: visitor, bot: bot, device: device))
                    let gaps: [Int64] = [1_800_000, 1_800_001, 1_799_999, 1000, 59_999]
                    t += rng.below(3) == 0 ? rng.pick(gaps) : Int64(rng.below(2_400_000))
                }
            }
        }
        // Duplicates: a differing copy of 4% of events, in the same hour.
        var copies: [Event] = []
        for e in events where rng.below(100) < 4 {
            var copy = e
            copy.path = "/copy"
            let hourStart = e.epochMillis - e.epochMillis % 3_600_000
            copy.epochMillis = hourStart + Int64(rng.below(3_600_000))
            copy.ts = Timestamp.formatMillis(copy.epochMillis)
            copies.append(copy)
        }
        events += copies
        var hours = [[[Event]]](repeating: [], count: 24)
        for h in 0..<24 {
            var inHour = events.filter { Int(($0.epochMillis - dayStart) / 3_600_000) == h }
            // Shuffle (Fisher–Yates) so feed order is not time order.
            if inHour.count > 1 {
                for i in stride(from: inHour.count - 1, to: 0, by: -1) { inHour.swapAt(i, rng.below(i + 1)) }
            }
            let parts = 1 + rng.below(3)
            var segments = [[Event]](repeating: [], count: parts)
            for e in inHour { segments[rng.below(parts)].append(e) }
            hours[h] = segments.filter { !$0.isEmpty }
        }
        return hours
    }
}
