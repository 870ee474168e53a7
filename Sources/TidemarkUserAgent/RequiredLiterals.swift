#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Literal byte strings that every match of a regular expression contains:
/// a set such that any text the expression matches holds at least one of
/// them. Running an expression only on texts that hold one of its literals
/// skips most of the ~2,700 expressions per user agent without changing a
/// result (the set is sound, not complete: it may admit texts that do not
/// match, never reject one that does).
///
/// Reads the subset of ICU / PCRE syntax that uap-core and crawler-user-agents
/// use; anything it does not understand ends the current literal, so an
/// unknown construct can only make the filter weaker, never wrong. Groups
/// that may match nothing (`?`, `*`, `{0,…}`) and look-arounds contribute no
/// literal. With `caseInsensitive` (or an inline `(?i)` anywhere) the literals
/// are ASCII-lowercased and must be looked up in the lowercased text, and a
/// non-ASCII character ends a literal (ICU folds some of them onto ASCII).
package struct RequiredLiterals {
    /// The literals; nil when none could be derived (the expression must always run).
    package let literals: [[UInt8]]?
    /// Whether the literals are lowercased (look them up in the lowercased text).
    package let caseFolded: Bool

    package init(pattern: String, caseInsensitive: Bool) {
        let scalars = Array(pattern.unicodeScalars)
        var scanner = Scanner(scalars)
        // A class such as [Ss] is one letter in either case: read it as that
        // letter, which needs the whole set folded (sound: a case-sensitive
        // match is also a match of the lowercased literal in the lowercased text).
        let folded = caseInsensitive || pattern.contains("(?i") || scalars.indices.contains { Scanner.casePair(scalars, at: $0) != nil }
        scanner.folded = folded
        let alternatives = scanner.alternation()
        if scanner.failed || scanner.position != scanner.scalars.count {
            literals = nil
        } else {
            literals = Scanner.union(alternatives)
        }
        caseFolded = folded
    }

    /// How selective a literal set is: sets that hold none of the words
    /// nearly every user agent has beat those that do, then the longer
    /// shortest literal wins.
    private struct Rank: Comparable {
        var rare: Bool
        var shortest: Int

        init?(_ set: [[UInt8]], folded: Bool) {
            guard let shortest = set.map(\.count).min(), shortest > 0 else { return nil }
            let common = folded ? Self.commonFolded : Self.common
            rare = !set.contains { literal in Self.occurs(literal, in: common) }
            self.shortest = shortest
        }

        static func < (a: Rank, b: Rank) -> Bool { (a.rare ? 1 : 0, a.shortest) < (b.rare ? 1 : 0, b.shortest) }

        /// Text that most browsers' agents carry (Chrome on Android and Windows, Safari on iOS and macOS, Firefox).
        private static let common = Array(
            ("Mozilla/5.0 (Linux; Android 10; K Build/) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
                + "Chrome/131.0.0.0 Mobile Safari/537.36 (Windows NT 10.0; Win64; x64) (Macintosh; Intel Mac OS X 10_15_7) "
                + "(iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 Gecko/20100101 Firefox/133.0 rv:133.0; U; en-us)").utf8)
        private static let commonFolded = common.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }

        // memchr and memcmp, not a Swift loop over slices: this runs for
        // every candidate literal of ~2,700 expressions while the collector
        // starts, and the generic slice comparison took ~60 % of a debug
        // build's start-up.
        private static func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
            guard let first = needle.first else { return true }
            guard needle.count <= haystack.count else { return false }
            return haystack.withUnsafeBytes { h in
                needle.withUnsafeBytes { n in
                    guard let hb = h.baseAddress, let nb = n.baseAddress else { return false }
                    let lastStart = h.count - n.count
                    var offset = 0
                    while offset <= lastStart {
                        guard let hit = memchr(hb + offset, Int32(first), lastStart - offset + 1) else { return false }
                        let at = hb.distance(to: UnsafeRawPointer(hit))
                        if memcmp(hb + at, nb, n.count) == 0 { return true }
                        offset = at + 1
                    }
                    return false
                }
            }
        }
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var position = 0
        var folded = false
        var failed = false

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        /// The lowercase letter when `[Xx]` or `[xX]` starts at `i`.
        static func casePair(_ scalars: [Unicode.Scalar], at i: Int) -> Unicode.Scalar? {
            guard i + 3 < scalars.count, scalars[i] == "[", scalars[i + 3] == "]", i == 0 || scalars[i - 1] != "\\" else { return nil }
            let a = scalars[i + 1].value
            let b = scalars[i + 2].value
            guard a < 128, b < 128, a != b, a | 0x20 == b | 0x20, (0x61...0x7A).contains(a | 0x20) else { return nil }
            return Unicode.Scalar(UInt8(a | 0x20))
        }

        /// Every alternative's best literal set, up to `)` or the end.
        mutating func alternation() -> [[[UInt8]]?] {
            var result = [sequence()]
            while position < scalars.count, scalars[position] == "|" {
                position += 1
                result.append(sequence())
            }
            return result
        }

        /// The union of the alternatives' sets, or nil when one has none.
        static func union(_ alternatives: [[[UInt8]]?]) -> [[UInt8]]? {
            var all: [[UInt8]] = []
            for alternative in alternatives {
                guard let set = alternative else { return nil }
                all += set
            }
            return all.isEmpty ? nil : all
        }

        /// The best literal set of one alternative: of all its mandatory literal
        /// runs and mandatory groups, the set whose shortest literal is longest.
        mutating func sequence() -> [[UInt8]]? {
            var best: [[UInt8]]?
            var run: [UInt8] = []
            func consider(_ set: [[UInt8]]) {
                guard let candidate = Rank(set, folded: folded) else { return }
                if let current = best, let currentRank = Rank(current, folded: folded), currentRank >= candidate { return }
                best = set
            }
            func flush() {
                if !run.isEmpty { consider([run]) }
                run = []
            }
            func append(_ piece: (bytes: [UInt8]?, endsRun: Bool)) {
                guard let bytes = piece.bytes else { return flush() }
                run += bytes
                if piece.endsRun { flush() }
            }
            while position < scalars.count, !failed {
                let c = scalars[position]
                switch c {
                case "|", ")":
                    flush()
                    return best
                case "(":
                    flush()
                    let (inner, counts) = group()
                    let minimum = quantifier()
                    if counts, minimum > 0, let inner { consider(inner) }
                case "[":
                    if folded, let letter = Self.casePair(scalars, at: position) {
                        position += 4
                        append(literal(letter))
                    } else {
                        flush()
                        skipClass()
                        _ = quantifier()
                    }
                case ".", "^", "$", "{", "*", "+", "?":
                    flush()
                    position += 1
                    _ = quantifier()
                case "\\":
                    position += 1
                    guard position < scalars.count else { failed = true; return nil }
                    let e = scalars[position]
                    if e.properties.isAlphabetic || ("0"..."9").contains(e) {
                        // \d \w \s \b \x.. \p{..} back-references: not literal text.
                        flush()
                        skipEscapeBody()
                        _ = quantifier()
                    } else {
                        position += 1
                        append(literal(e))
                    }
                default:
                    position += 1
                    append(literal(c))
                }
            }
            flush()
            return best
        }

        /// The bytes `c` adds to the current run as its quantifier allows (nil:
        /// it ends the run instead), and whether the run ends after it.
        mutating func literal(_ c: Unicode.Scalar) -> (bytes: [UInt8]?, endsRun: Bool) {
            let minimum = quantifier()
            guard minimum > 0, !(folded && !c.isASCII) else { return (nil, true) }
            var bytes = Array(String(c).utf8)
            if folded, bytes.count == 1, bytes[0] >= 0x41, bytes[0] <= 0x5A { bytes[0] += 0x20 }
            return (bytes, lastQuantifierWasRepeat)
        }

        private var lastQuantifierWasRepeat = false

        /// Reads a quantifier after an atom; returns its minimum count (1 when none).
        mutating func quantifier() -> Int {
            lastQuantifierWasRepeat = false
            guard position < scalars.count else { return 1 }
            var minimum = 1
            switch scalars[position] {
            case "?", "*":
                minimum = 0
                position += 1
            case "+":
                position += 1
                lastQuantifierWasRepeat = true
            case "{":
                var j = position + 1
                var digits = ""
                while j < scalars.count, ("0"..."9").contains(scalars[j]) {
                    digits.unicodeScalars.append(scalars[j])
                    j += 1
                }
                guard !digits.isEmpty, j < scalars.count, scalars[j] == "," || scalars[j] == "}" else { return 1 }
                while j < scalars.count, scalars[j] != "}" { j += 1 }
                guard j < scalars.count else {
                    failed = true
                    return 0
                }
                position = j + 1
                minimum = Int(digits) ?? 0
                lastQuantifierWasRepeat = true
            default:
                return 1
            }
            // Lazy or possessive suffix.
            if position < scalars.count, scalars[position] == "?" || scalars[position] == "+" { position += 1 }
            return minimum
        }

        /// Reads `( … )`; returns the group's literal set and whether it consumes text.
        mutating func group() -> ([[UInt8]]?, Bool) {
            position += 1
            var counts = true
            if position < scalars.count, scalars[position] == "?" {
                position += 1
                guard position < scalars.count else {
                    failed = true
                    return (nil, false)
                }
                switch scalars[position] {
                case ":":
                    position += 1
                case "=", "!":
                    counts = false
                    position += 1
                case "<":
                    position += 1
                    if position < scalars.count, scalars[position] == "=" || scalars[position] == "!" {
                        counts = false
                        position += 1
                    } else {
                        skipName(until: ">")
                    }
                case "P":
                    position += 1
                    if position < scalars.count, scalars[position] == "<" {
                        skipName(until: ">")
                    } else {
                        failed = true
                    }
                default:
                    // Inline flags such as (?i) or (?i: … ); any flag may change matching.
                    while position < scalars.count, scalars[position] != ":", scalars[position] != ")" { position += 1 }
                    guard position < scalars.count else {
                        failed = true
                        return (nil, false)
                    }
                    if scalars[position] == ")" {
                        position += 1
                        return (nil, false)
                    }
                    position += 1
                    counts = false
                }
            }
            let inner = alternation()
            guard position < scalars.count, scalars[position] == ")" else {
                failed = true
                return (nil, false)
            }
            position += 1
            return (Self.union(inner), counts)
        }

        mutating func skipName(until end: Unicode.Scalar) {
            position += 1
            while position < scalars.count, scalars[position] != end { position += 1 }
            position += 1
        }

        /// Skips a `[…]` class, including `[]…]`, `[^]…]` and escapes.
        mutating func skipClass() {
            position += 1
            if position < scalars.count, scalars[position] == "^" { position += 1 }
            if position < scalars.count, scalars[position] == "]" { position += 1 }
            var depth = 1
            while position < scalars.count {
                let c = scalars[position]
                if c == "\\" {
                    position += 2
                    continue
                }
                if c == "[" { depth += 1 }
                if c == "]" {
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return
                    }
                }
                position += 1
            }
            failed = true
        }

        /// Skips the rest of a letter or digit escape (`\x{…}`, `\p{…}`, `\Q…\E`).
        mutating func skipEscapeBody() {
            let e = scalars[position]
            position += 1
            switch e {
            case "x", "p", "P", "N", "u":
                if position < scalars.count, scalars[position] == "{" {
                    while position < scalars.count, scalars[position] != "}" { position += 1 }
                    position += 1
                } else if e == "x" {
                    position = min(position + 2, scalars.count)
                } else if e == "u" {
                    position = min(position + 4, scalars.count)
                }
            case "Q":
                // Quoted text could be used as literal; rare here, so treat it as opaque.
                while position + 1 < scalars.count, !(scalars[position] == "\\" && scalars[position + 1] == "E") { position += 1 }
                position = min(position + 2, scalars.count)
            default:
                while position < scalars.count, ("0"..."9").contains(scalars[position]), ("0"..."9").contains(e) { position += 1 }
            }
        }
    }
}
