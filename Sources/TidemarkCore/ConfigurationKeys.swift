/// A key in `tidemark.yml` that no setting has (SPEC §5): a misspelled key
/// would otherwise fall back to its default without a word.
package struct UnknownConfigurationKey: Error, Sendable {
    /// Where the key is, `sites[1].timezone` style.
    package var path: String
    /// The known key at that level closest in spelling, if one is close.
    package var suggestion: String?
}

/// A coding key for any string or index.
struct AnyConfigurationKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws `UnknownConfigurationKey` for the first key of this mapping
    /// that `Keys` does not name.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let known = Keys.allCases.map(\.stringValue)
        let raw = try container(keyedBy: AnyConfigurationKey.self)
        for key in raw.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
            let path = (codingPath + [key]).map { k in k.intValue.map { "[\($0)]" } ?? "." + k.stringValue }
                .joined().drop(while: { $0 == "." })
            throw UnknownConfigurationKey(path: String(path), suggestion: Self.nearest(to: key.stringValue, in: known))
        }
    }

    /// The candidate within a third of `word`'s length in edits (at least 2),
    /// else one that is `word` with a unit or suffix (`timeout` → `timeout_ms`), or nil.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let word = word.lowercased()
        let scored = candidates.map { ($0, editDistance(word, $0)) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) { return best.0 }
        return candidates.first { $0.hasPrefix(word + "_") }
    }

    // Levenshtein distance over characters, with transpositions counted as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
