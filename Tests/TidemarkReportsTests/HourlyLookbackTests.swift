import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

@Suite struct HourlyLookbackTests {
    @Test func visitStartedInThePreviousHourIsNotCounted() throws {
        let r = try E.hourly(11, [E.make(id: 2, "11:10:00.000", path: "/next")], lookback: [E.make(id: 1, "10:45:00.000")])
        #expect(r.totals.visits == 0)
        #expect(r.totals.visitors == 1)
        #expect(r.totals.pageviews == 1)
        #expect(r.table(.referrers) == [])
        #expect(r.series[2] == SeriesBucket(startSeconds: r.window.startSeconds + 600, pageviews: 1, visitors: 1, visits: 0))
        // Lookback events count in nothing else, inputs included.
        #expect(r.inputs.eventsRead == 1)
        #expect(r.table(.topPages) == ["/next 1 1"])
    }

    @Test(arguments: [("10:40:00.000", 0), ("10:39:59.999", 1), ("10:05:00.000", 1)])
    func lookbackUsesTheSameGapRule(_ previous: String, _ visits: Int) throws {
        let r = try E.hourly(11, [E.make(id: 2, "11:10:00.000")], lookback: [E.make(id: 1, previous)])
        #expect(r.totals.visits == visits)
    }

    @Test func aLaterVisitInTheHourIsCounted() throws {
        let r = try E.hourly(
            11,
            [E.make(id: 2, "11:10:00.000"), E.make(id: 3, "11:50:00.000", ref: "t.co")],
            lookback: [E.make(id: 1, "10:50:00.000")])
        #expect(r.totals.visits == 1)
        #expect(r.series[10].visits == 1)
        #expect(r.table(.referrers) == ["t.co 1"])
    }

    @Test func hourZeroHasNoLookback() throws {
        // Even if a caller passes the previous day's last minutes, a visit
        // never crosses midnight.
        let r = try E.hourly(
            0, [E.make(id: 2, "00:00:30.000")], lookback: [E.make(id: 1, "2026-11-25T23:59:59.000Z")])
        #expect(r.totals.visits == 1)
    }

    @Test func botsAndLosingDuplicatesInTheLookbackDoNotContinueVisits() throws {
        let r = try E.hourly(
            11, [E.make(id: 5, "11:05:00.000", visitor: 1), E.make(id: 6, "11:05:00.000", visitor: 2)],
            lookback: [
                E.make(id: 1, "10:50:00.000", visitor: 1, device: .bot),
                E.make(id: 2, "10:20:00.000", visitor: 2),
                E.make(id: 2, "10:50:00.000", visitor: 2),
            ])
        #expect(r.totals.visits == 2)
    }

    @Test func hourlyReportsCarryNoBouncesDurationsOrEntryPages() throws {
        let r = try E.hourly(11, [E.make(id: 1, "11:00:00.000"), E.make(id: 2, "11:20:00.000", path: "/b")])
        #expect(r.totals.visits == 1)
        #expect(r.totals.bounces == 0)
        #expect(r.totals.bounceRate == .zero)
        #expect(r.totals.visitDurationAvgS == .zero)
        #expect(r.rows(.entryPages).isEmpty)
        #expect(r.rows(.exitPages).isEmpty)
        #expect(r.series.count == 12)
        #expect(r.window.endSeconds - r.window.startSeconds == 3600)
    }
}
