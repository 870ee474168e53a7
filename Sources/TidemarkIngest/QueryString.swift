/// `application/x-www-form-urlencoded` query strings, as the pixel sends its fields.
package enum QueryString {
    /// Name → value; the first occurrence of a name wins, `+` is a space.
    package static func parse(_ query: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0])
            guard !name.isEmpty, out[name] == nil else { continue }
            out[name] = parts.count > 1 ? PercentDecoding.decode(parts[1]) : ""
        }
        return out
    }
}
