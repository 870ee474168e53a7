/// A `String` that hashes and compares by its UTF-8 bytes.
///
/// Swift's `String` equality treats canonically equivalent text as equal
/// (`é` and `e` + U+0301), but SPEC §4.1 keys are byte strings: two paths
/// that differ in bytes are two rows.
struct ByteKey: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (a: ByteKey, b: ByteKey) -> Bool { sameBytes(a.string, b.string) }

    func hash(into hasher: inout Hasher) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil {
            for byte in string.utf8 { hasher.combine(byte) }
        }
    }

    /// Whether two strings hold the same UTF-8 bytes.
    @inline(__always)
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }
}

/// Gives each distinct byte string a small dense id, so per-key counters are
/// arrays and per-(visitor, key) sets hold integers instead of strings.
struct StringInterner {
    private var ids: [ByteKey: Int32] = [:]
    /// The strings by id.
    private(set) var strings: [String] = []

    /// Number of distinct strings seen.
    var count: Int { strings.count }

    /// The id of `s`, and whether it was new.
    @inline(__always)
    mutating func intern(_ s: String) -> (id: Int32, isNew: Bool) {
        let key = ByteKey(s)
        if let id = ids[key] { return (id, false) }
        let id = Int32(strings.count)
        strings.append(s)
        ids[key] = id
        return (id, true)
    }
}

/// Interned keys with one counter column per id.
struct KeyTally {
    private var interner = StringInterner()
    /// Counters by id (the list's ranking count).
    var counts: [Int] = []
    /// Distinct visitors by id, for lists that carry them.
    var visitors: [Int] = []

    /// The strings by id.
    var strings: [String] { interner.strings }

    /// The id of `s`, growing the counters when it is new.
    @inline(__always)
    mutating func id(_ s: String) -> Int32 {
        let (id, isNew) = interner.intern(s)
        if isNew {
            counts.append(0)
            visitors.append(0)
        }
        return id
    }

    /// Adds one to the ranking count of `s`.
    @inline(__always)
    mutating func count(_ s: String) {
        let i = Int(id(s))
        counts[i] += 1
    }

    /// Rows of every key with a non-zero count, `withVisitors` adding the
    /// visitors column.
    func rows(withVisitors: Bool) -> [TopRow] {
        var rows: [TopRow] = []
        for (i, key) in strings.enumerated() where counts[i] > 0 {
            rows.append(TopRow(key: key, counts: withVisitors ? [counts[i], visitors[i]] : [counts[i]]))
        }
        return rows
    }
}
