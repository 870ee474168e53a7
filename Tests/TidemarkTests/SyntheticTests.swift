import Testing
import TidemarkCore
import TidemarkSynthetic

/// The synthetic day: deterministic, valid, and realistic in the ways the
/// reports care about.
@Suite("Synthetic day")
struct SyntheticTests {
    static let day = Timestamp.parseDay("2026-11-26") ?? 0
    static let sites = ["example.com", "shop.example.com"]

    static func lines(seed: UInt64, events: Int = 4000) -> [String] {
        var out: [String] = []
        SyntheticDay(seed: seed, day: day, sites: sites, eventsPerSite: events).forEachLine { out.append($0) }
        return out
    }

    @Test func sameSeedGivesSameBytesAndOtherSeedsDiffer() {
        let a = Self.lines(seed: 7)
        #expect(a == Self.lines(seed: 7))
        #expect(a != Self.lines(seed: 8))
        var otherDay: [String] = []
        SyntheticDay(seed: 7, day: Self.day + 1, sites: Self.sites, eventsPerSite: 4000).forEachLine { otherDay.append($0) }
        #expect(otherDay != a)
    }

    @Test(arguments: [1, 2, 99] as [UInt64])
    func everyLineIsAValidEventOfTheDayAsEventEncoderWritesIt(seed: UInt64) throws {
        let dayStart = Int64(Self.day) * 86_400_000
        var count = 0
        var firstSends = 0
        try SyntheticDay(seed: seed, day: Self.day, sites: Self.sites, eventsPerSite: 3000).forEachSend { line in
            count += 1
            if !line.isRetry { firstSends += 1 }
            guard case .event(let e) = EventParser.parse(line.text) else {
                Issue.record("not a valid event: \(line.text)")
                return
            }
            #expect(EventEncoder.line(e) == line.text)
            #expect(Self.sites.contains(e.site))
            #expect(e.epochMillis >= dayStart && e.epochMillis < dayStart + 86_400_000)
            #expect(e.epochMillis == line.eventMillis)
            #expect(line.sentMillis >= line.eventMillis)
            #expect(Validation.isLowerHex(e.id, count: 32) && Validation.isLowerHex(e.visitor, count: 16))
            #expect(e.type == .pageview ? e.name.isEmpty : !e.name.isEmpty)
            try #require(e.path.hasPrefix("/"))
        }
        #expect(firstSends == 6000)
        #expect(count > firstSends)
    }

    @Test func theDayHasVisitGapsBotsRetriesCustomEventsAndCampaigns() throws {
        struct Seen {
            var last: Int64
            var device: Device
            var country: String
            var browser: String
        }
        var visitors: [String: Seen] = [:]
        var shortGaps = 0
        var longGaps = 0
        var inconsistent = 0
        var bots = 0
        var ids: [String: Int] = [:]
        var lateRetries = 0
        var names: Set<String> = []
        var utm = 0
        var referrers: Set<String> = []
        let day = SyntheticDay(seed: 3, day: Self.day, sites: Self.sites, eventsPerSite: 10_000)
        // Events of one visitor come out in time order, so gaps can be read off directly.
        day.forEachSend { line in
            guard case .event(let e) = EventParser.parse(line.text) else { return }
            ids[e.id, default: 0] += 1
            if line.isRetry {
                if line.sentMillis - line.eventMillis >= 3_600_000 { lateRetries += 1 }
                return
            }
            let key = e.site + "/" + e.visitor
            if let seen = visitors[key] {
                let gap = e.epochMillis - seen.last
                if gap <= 1_800_000 { shortGaps += 1 } else { longGaps += 1 }
                if seen.device != e.device || seen.country != e.country || seen.browser != e.browser { inconsistent += 1 }
            }
            visitors[key] = Seen(last: e.epochMillis, device: e.device, country: e.country, browser: e.browser)
            if e.device == .bot { bots += 1 }
            if e.type == .event { names.insert(e.name) }
            if !e.utmSource.isEmpty || !e.utmMedium.isEmpty || !e.utmCampaign.isEmpty { utm += 1 }
            referrers.insert(e.refHost)
        }
        #expect(shortGaps > 1000)
        #expect(longGaps > 100)
        #expect(inconsistent == 0)
        #expect(bots > 0 && bots < 2000)
        let duplicates = ids.values.filter { $0 > 1 }.count
        #expect(duplicates > 20 && duplicates < 400)
        #expect(lateRetries > 0)
        #expect(names.isSuperset(of: ["signup", "purchase", "add_to_cart"]))
        #expect(utm > 50)
        #expect(referrers.isSuperset(of: ["", "google.com", "news.ycombinator.com", "facebook.com"]))
    }

    @Test func sitesGetTheirOwnEventCounts() {
        var perSite: [String: Int] = [:]
        let day = SyntheticDay(
            seed: 5, day: Self.day,
            sites: [SyntheticSite(name: "a.example", events: 1234), SyntheticSite(name: "shop.b.example", events: 56)])
        #expect(day.eventCount == 1290)
        #expect(day.sites[1].kind == .shop)
        day.forEachSend { line in
            guard !line.isRetry, case .event(let e) = EventParser.parse(line.text) else { return }
            perSite[e.site, default: 0] += 1
        }
        #expect(perSite == ["a.example": 1234, "shop.b.example": 56])
    }
}
