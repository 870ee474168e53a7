import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

@Suite struct DedupeTests {
    @Test func firstCopyInSegmentKeyOrderWinsEvenWhenCopiesDiffer() throws {
        let first = E.make(id: 7, "10:30:00.000", path: "/winner")
        let second = E.make(id: 7, "10:00:00.000", path: "/loser", ref: "loser.example")
        let r = try E.daily([[first], [second]])
        #expect(r.totals.pageviews == 1)
        #expect(r.table(.topPages) == ["/winner 1 1"])
        #expect(r.table(.referrers) == ["(direct) 1"])
        #expect(r.inputs.eventsRead == 2)
        #expect(r.inputs.duplicatesDropped == 1)
        // The other way round, the other copy wins.
        let swapped = try E.daily([[second], [first]])
        #expect(swapped.table(.topPages) == ["/loser 1 1"])
    }

    @Test func copiesOfDifferentTypesKeepTheFirstType() throws {
        let r = try E.daily([
            [E.make(id: 9, "10:00:00.000", type: .event, name: "signup")],
            [E.make(id: 9, "10:00:00.000", type: .pageview, path: "/p")],
        ])
        #expect(r.totals.events == 1)
        #expect(r.totals.pageviews == 0)
        #expect(r.table(.entryPages) == [])
        #expect(r.totals.bounces == 0)
    }

    @Test func firstLineWinsInsideOneSegment() throws {
        let r = try E.daily([E.make(id: 5, "10:00:00.000", path: "/one"), E.make(id: 5, "10:00:00.000", path: "/two")])
        #expect(r.table(.topPages) == ["/one 1 1"])
        #expect(r.inputs.duplicatesDropped == 1)
    }

    @Test func duplicateInALaterHourIsDropped() throws {
        let r = try E.daily([[E.make(id: 5, "10:59:00.000", path: "/early")], [E.make(id: 5, "11:00:30.000", path: "/late")]])
        #expect(r.table(.topPages) == ["/early 1 1"])
        #expect(r.series[11].pageviews == 0)
    }

    @Test func botsCountOnlyInBotEventsAndAreDeduplicated() throws {
        let r = try E.daily([
            [
                E.make(id: 1, "10:00:00.000", visitor: 9, path: "/", browser: "Googlebot", device: .bot),
                E.make(id: 2, "10:00:00.000", visitor: 9, type: .event, device: .bot),
                E.make(id: 3, "10:00:00.000", visitor: 1, path: "/human"),
            ],
            [
                E.make(id: 1, "10:00:00.000", visitor: 9, path: "/", device: .bot),
                // A non-bot copy of a bot's id loses to the bot copy.
                E.make(id: 2, "10:00:00.000", visitor: 2, type: .pageview, path: "/not-a-bot"),
            ],
        ])
        #expect(r.totals.botEvents == 2)
        #expect(r.totals.pageviews == 1)
        #expect(r.totals.events == 0)
        #expect(r.totals.visitors == 1)
        #expect(r.totals.visits == 1)
        #expect(r.table(.browsers) == [])
        #expect(r.table(.devices) == ["desktop 1"])
        #expect(r.table(.topPages) == ["/human 1 1"])
        #expect(r.inputs.eventsRead == 5)
        #expect(r.inputs.duplicatesDropped == 2)
    }

    @Test func idsCompareAsBinaryNotAsText() throws {
        // Same low 64 bits, different high bits: two events, not duplicates.
        let r = try E.daily([E.make(id: 1, "10:00:00.000", idHigh: 1), E.make(id: 1, "10:00:00.000", idHigh: 2)])
        #expect(r.totals.pageviews == 2)
        #expect(r.inputs.duplicatesDropped == 0)
    }
}
