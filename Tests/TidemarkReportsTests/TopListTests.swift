import Testing
import TidemarkCore
import TidemarkReports

private typealias E = TestEvents

@Suite struct TopListTests {
    @Test func tiesSortByUTF8BytesNotSwiftStringOrder() throws {
        // U+212B ANGSTROM SIGN is canonically U+00C5, which Swift's `<` puts
        // before U+00D0; its bytes (E2 84 AB) sort after C3 90. And é / e + U+0301
        // are equal Swift strings but different byte strings: two rows.
        let paths = ["/\u{212B}", "/é", "/z", "/b", "/e\u{301}", "/B", "/\u{00D0}"]
        let events = paths.enumerated().map { E.make(id: UInt64($0.offset + 1), "10:00:00.000", path: $0.element) }
        let r = try E.daily(events)
        let keys = r.rows(.topPages).map(\.key)
        #expect(keys.map { Array($0.utf8) } == ["/B", "/b", "/e\u{301}", "/z", "/\u{00D0}", "/é", "/\u{212B}"].map { Array($0.utf8) })
        #expect(keys.count == 7)
    }

    @Test func listsKeepAtMostFiftyRows() throws {
        var events: [Event] = []
        var id: UInt64 = 0
        func view(_ path: String) {
            id += 1
            events.append(E.make(id: id, "10:00:00.000", visitor: id, path: path))
        }
        for i in 0..<60 { view("/p" + String(i / 10) + String(i % 10)) }
        for _ in 0..<2 { view("/p59") }
        view("/p58")
        let r = try E.daily(events)
        let rows = r.rows(.topPages)
        #expect(rows.count == 50)
        #expect(rows[0] == TopRow(key: "/p59", counts: [3, 3]))
        #expect(rows[1] == TopRow(key: "/p58", counts: [2, 2]))
        #expect(rows[2].key == "/p00")
        #expect(rows[49].key == "/p47")
        #expect(r.rows(.entryPages).count == 50)
        #expect(r.totals.pageviews == 63)
    }

    @Test func customEventsRankByEventsNotVisitors() throws {
        let r = try E.daily([
            E.make(id: 1, "10:00:00.000", visitor: 1, type: .event, name: "a"),
            E.make(id: 2, "10:00:01.000", visitor: 1, type: .event, name: "b"),
            E.make(id: 3, "10:00:02.000", visitor: 1, type: .event, name: "b"),
            E.make(id: 4, "10:00:03.000", visitor: 1, type: .event, name: "b"),
            E.make(id: 5, "10:00:04.000", visitor: 2, type: .event, name: "c"),
            E.make(id: 6, "10:00:05.000", visitor: 3, type: .event, name: "c"),
        ])
        #expect(r.table(.customEvents) == ["b 3 1", "c 2 2", "a 1 1"])
    }

    @Test func rankBreaksTiesByKeyAndLimits() {
        let rows = [TopRow(key: "b", counts: [1]), TopRow(key: "a", counts: [1]), TopRow(key: "c", counts: [2])]
        #expect(TopList.rank(rows, limit: 2).map(\.key) == ["c", "a"])
    }
}
