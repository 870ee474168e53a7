import Testing
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
                if Hex.parse64(s) != Self.reference(s) { mismatches.append("\(position):\(byte)") }
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test func hexParsingRoundTripsRandomValues() {
        var rng = SplitMix64(state: 99)
        for _ in 0..<10_000 {
            let (a, b) = (rng.next(), rng.next())
            let id = TestEvents.hex(a, count: 16) + TestEvents.hex(b, count: 16)
            #expect(EventID(hex: id) == EventID(high: a, low: b))
            #expect(Hex.parse64(TestEvents.hex(a, count: 16)) == a)
        }
        #expect(EventID(hex: String(repeating: "A", count: 32)) == nil)
        #expect(EventID(hex: String(repeating: "a", count: 31)) == nil)
        #expect(Hex.parse64("00000000000000é") == nil)
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
        var interner = StringInterner()
        let composed = interner.intern("/é")
        let decomposed = interner.intern("/e\u{301}")
        let again = interner.intern("/é")
        #expect(composed.id != decomposed.id)
        #expect(again.id == composed.id && !again.isNew && decomposed.isNew)
    }
}
