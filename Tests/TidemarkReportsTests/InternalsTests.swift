import Testing
import TidemarkCore
import TidemarkSynthetic
@testable import TidemarkReports

@Suite struct InternalsTests {
    /// Reference: 16 lowercase hex digits, by the standard library.
    static func reference(_ s: String) -> UInt64? {
        guard s.utf8.count == 16, s.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return UInt64(s, radix: 16)
    }

    @Test func hexParsingAgreesWithTheStandardLibraryForEveryByteInEveryPosition() {
        var mismatches: [String] = []
        for position in 0..<16 {
            for byte in 0...255 {
                var bytes = Array("0123456789abcdef".utf8)
                bytes[position] = UInt8(byte)
                let s = String(decoding: bytes, as: UTF8.self)
                if LowerHex.parse64(s) != Self.reference(s) { mismatches.append("\(position):\(byte)") }
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test func hexParsingRoundTripsRandomValues() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<10_000 {
            let (a, b) = (rng.next(), rng.next())
            let id = TestEvents.hex(a, count: 16) + TestEvents.hex(b, count: 16)
            #expect(EventID(hex: id) == EventID(high: a, low: b))
            #expect(LowerHex.parse64(TestEvents.hex(a, count: 16)) == a)
        }
        #expect(EventID(hex: String(repeating: "A", count: 32)) == nil)
        #expect(EventID(hex: String(repeating: "a", count: 31)) == nil)
        #expect(LowerHex.parse64("00000000000000é") == nil)
    }

    @Test func eventIDSetKeepsEveryIdOnceThroughGrowth() {
        var set = EventIDSet()
        var added = 0
        var refused = 0
        func insert(_ id: EventID) {
            if set.insert(id) { added += 1 } else { refused += 1 }
        }
        insert(EventID(high: 0, low: 0))
        insert(EventID(high: 0, low: 0))
        for i in 1...50_000 as ClosedRange<UInt64> {
            insert(EventID(high: i, low: 0))
            insert(EventID(high: 0, low: i))
        }
        #expect(added == 100_001 && refused == 1)
        for i in 1...50_000 as ClosedRange<UInt64> where i % 97 == 0 {
            insert(EventID(high: i, low: 0))
            insert(EventID(high: 0, low: i))
        }
        insert(EventID(high: 0, low: 0))
        #expect(added == 100_001)
        #expect(refused == 2 + 2 * (50_000 / 97))
        #expect(set.count == 100_001)
    }

    @Test func uint64SetAndVisitorTable() {
        var set = UInt64Set()
        var added = 0
        for key in [0, 0] + (1...20_000).map({ UInt64($0) << 32 }) + [7 << 32] where set.insert(key) { added += 1 }
        #expect(added == 20_001)
        #expect(set.count == 20_001)

        var table = VisitorTable()
        var slots: [UInt64: Int32] = [:]
        for v in 0..<5000 as Range<UInt64> {
            let (slot, isNew) = table.slot(for: v &* 0x9E37_79B9)
            #expect(isNew)
            slots[v] = table[slot].index
        }
        for v in 0..<5000 as Range<UInt64> {
            let (slot, isNew) = table.slot(for: v &* 0x9E37_79B9)
            #expect(!isNew)
            #expect(table[slot].index == slots[v])
        }
        #expect(table.count == 5000)
    }

    @Test func pairLedgerReportsEachPairOnceAcrossHours() {
        var ledger = PairLedger()
        var fresh: [UInt64] = []
        for p in [5, 3, 5, 9] as [UInt64] { ledger.add(p) }
        ledger.merge { fresh.append($0) }
        #expect(fresh == [3, 5, 9])
        fresh = []
        for p in [9, 1, 4, 3, 10, 1] as [UInt64] { ledger.add(p) }
        ledger.merge { fresh.append($0) }
        #expect(fresh == [1, 4, 10])
        #expect(ledger.count == 6)
        fresh = []
        for p in [0, 11, 10] as [UInt64] { ledger.add(p) }
        ledger.merge { fresh.append($0) }
        #expect(fresh == [0, 11])
    }

    @Test func byteOrderHelpers() {
        #expect(UTF8Bytes.precedes("/B", "/b"))
        #expect(UTF8Bytes.precedes("/", "/a"))
        #expect(!UTF8Bytes.precedes("/a", "/a"))
        #expect(UTF8Bytes.precedes("/\u{00D0}", "/\u{212B}"))
        #expect(!UTF8Bytes.sameBytes("/é", "/e\u{301}"))
        #expect(UTF8Bytes.sameBytes("/a-rather-long-path/with/segments", "/a-rather-long-path/with/" + "segments"))
        var interner = ByteInterner()
        func intern(_ s: String) -> (id: Int32, isNew: Bool) {
            var copy = s
            return copy.withUTF8 { interner.intern(UnsafeRawBufferPointer($0)) }
        }
        let composed = intern("/é")
        let decomposed = intern("/e\u{301}")
        let again = intern("/é")
        #expect(composed.id != decomposed.id)
        #expect(again.id == composed.id && !again.isNew && decomposed.isNew)
        #expect(interner.string(composed.id) == "/é" && interner.string(decomposed.id).unicodeScalars.count == 3)
    }

    @Test func byteInternerKeepsEveryKeyThroughGrowth() {
        var interner = ByteInterner()
        var ids: [Int32] = []
        for i in 0..<5000 {
            var key = i % 7 == 0 ? "" : "/page/\(i)"
            ids.append(key.withUTF8 { interner.intern(UnsafeRawBufferPointer($0)).id })
        }
        for i in 0..<5000 {
            var key = i % 7 == 0 ? "" : "/page/\(i)"
            let again = key.withUTF8 { interner.intern(UnsafeRawBufferPointer($0)) }
            #expect(!again.isNew && again.id == ids[i])
            #expect(interner.string(again.id) == key)
        }
        #expect(interner.count == 5000 - 5000 / 7)
    }

    @Test func segmentRowsReadLinesAsTheEventParserDoes() {
        let site = "example.com"
        let hour = UTCHour(epochMillis: 1_764_460_800_000)
        let valid = #"{"id":"0123456789abcdef0123456789abcdef","ts":"2025-11-30T00:00:01.000Z","site":"example.com","type":"pageview","name":"","path":"/caf\u00e9","ref_host":"news.example","utm_source":"","utm_medium":"","utm_campaign":"","visitor":"0123456789abcdef","country":"FR","browser":"Firefox","os":"Linux","device":"desktop"}"#
        // Keys out of order and spaces: the slow path of the same scanner.
        let reordered = #"{ "device":"mobile", "os":"iOS","browser":"Safari","country":"","visitor":"fedcba9876543210","utm_campaign":"x","utm_medium":"y","utm_source":"z","ref_host":"","path":"/café","name":"signup","type":"event","site":"example.com","ts":"2025-11-30T00:59:59.999Z","id":"ffffffffffffffffffffffffffffffff", "extra": [1, {"a": null}] }"#
        let badUTF8: [UInt8] = Array(valid.utf8).map { $0 == 0x46 ? 0xFF : $0 }  // "FR"/"Firefox" F -> 0xFF
        let otherSite = valid.replacingOccurrences(of: "\"site\":\"example.com\"", with: "\"site\":\"other.com\"")
        let otherHour = valid.replacingOccurrences(of: "T00:00:01", with: "T01:00:01")
        var rows = SegmentRows()
        var siteBytes = site
        siteBytes.withUTF8 { s in
            for line in [valid, reordered, "   ", "{}", otherSite, otherHour] {
                var l = line
                l.withUTF8 { rows.add(line: UnsafeRawBufferPointer($0), site: UnsafeRawBufferPointer(s), hour: hour) }
            }
            badUTF8.withUnsafeBytes { rows.add(line: $0, site: UnsafeRawBufferPointer(s), hour: hour) }
        }
        #expect(rows.eventsRead == 2)
        #expect(rows.invalidLines == 4)
        let first = rows.rows[0]
        let second = rows.rows[1]
        #expect(first.id == EventID(high: 0x0123_4567_89ab_cdef, low: 0x0123_4567_89ab_cdef))
        #expect(second.visitor == 0xfedc_ba98_7654_3210 && second.type == .event && second.device == .mobile)
        // The escaped and the literal é are one key.
        #expect(first[.path] == second[.path])
        #expect(rows.tables[EventTextField.path.rawValue].string(first[.path]) == "/café")
        #expect(rows.tables[EventTextField.name.rawValue].string(second[.name]) == "signup")
        #expect(rows.tables[EventTextField.country.rawValue].string(second[.country]) == "")
    }

    @Test(arguments: [0, 1, 2, 500, 20_000])
    func radixSortOrdersLikeTheComparisonSort(count: Int) {
        var generator = SplitMix64(seed: UInt64(count) + 1)
        let base = Int32.random(in: 0..<(86_400_000 - 3_600_000), using: &generator)
        var records: [SortRecord] = (0..<count).map { i in
            // Few distinct times, so many ties broken by id.
            let millis = base + Int32.random(in: 0..<(count < 100 ? 5 : 3_600_000), using: &generator)
            return SortRecord(
                millis: millis, index: Int32(i),
                id: EventID(high: UInt64.random(in: 0...3, using: &generator), low: UInt64(i) &* 0x9E37_79B9))
        }
        let expected = records.sorted(by: SortRecord.precedes)
        var scratch: [SortRecord] = []
        SortRecord.sortByTime(&records, scratch: &scratch)
        #expect(records.map(\.index) == expected.map(\.index))
    }
}
