import Foundation
import Synchronization

/// Regular expressions (ICU, through `NSRegularExpression`) behind an index
/// of their required literals (`RequiredLiterals`): for one text it says
/// which expressions can match at all, so only those run.
///
/// Expressions are numbered in the order they were added; the uap-core
/// parsers and the crawler list each own a contiguous range. Each is
/// compiled on its first use, not when added: a process runs a few hundred
/// of the ~2,700 for real traffic, and compiling them all made every
/// collector's start wait (BENCHMARKS.md, "Collector start").
struct PatternSet: Sendable {
    /// One expression, its text and where it came from.
    struct Pattern: Sendable {
        /// The compiled form, made on first use.
        let regex: LazyRegex
        /// Where it came from, e.g. `uap-core user_agent_parsers #12`.
        let origin: String
    }

    /// A pattern that ICU refused, with its source and the reason.
    struct Rejected: Sendable, Hashable {
        /// Where it came from, e.g. `uap-core user_agent_parsers #12`.
        var origin: String
        /// The pattern text.
        var pattern: String
    }

    private(set) var patterns: [Pattern] = []
    /// Literals by their first one, two or three bytes, for the text as is and lowercased.
    private var exact = LiteralIndex()
    private var folded = LiteralIndex()
    /// Patterns without literals: they always run.
    private var unfiltered: [Int32] = []

    init() {}

    /// Adds `pattern` (compiled when first needed) and returns its number.
    mutating func add(_ pattern: String, caseInsensitive: Bool, origin: String) -> Int {
        let required = RequiredLiterals(pattern: pattern, caseInsensitive: caseInsensitive)
        let number = Int32(patterns.count)
        patterns.append(Pattern(regex: LazyRegex(pattern, caseInsensitive: caseInsensitive), origin: origin))
        if let literals = required.literals {
            for literal in literals {
                if required.caseFolded {
                    folded.add(literal, number)
                } else {
                    exact.add(literal, number)
                }
            }
        } else {
            unfiltered.append(number)
        }
        return Int(number)
    }

    /// Compiles every pattern now and lists those ICU refuses (they never
    /// match). For tests and diagnostics; classification compiles lazily.
    func refused() -> [Rejected] {
        patterns.filter { $0.regex.compiled() == nil }.map { Rejected(origin: $0.origin, pattern: $0.regex.pattern) }
    }

    /// For each pattern, whether `text` holds one of its literals (so it may match).
    func admitted(_ text: AgentText) -> [Bool] {
        var result = [Bool](repeating: false, count: patterns.count)
        exact.scan(text.bytes, into: &result)
        folded.scan(text.lowered, into: &result)
        for number in unfiltered { result[Int(number)] = true }
        return result
    }

    /// The first match of pattern `number` in `text`, as its capture groups
    /// (index 0 the whole match; nil for a group that did not take part).
    /// A pattern ICU refuses never matches.
    func firstMatch(_ number: Int, in text: AgentText) -> [Substring?]? {
        guard let regex = patterns[number].regex.compiled() else { return nil }
        guard let match = regex.firstMatch(in: text.string, options: [], range: text.fullRange) else { return nil }
        return (0..<match.numberOfRanges).map { i in
            let r = match.range(at: i)
            guard r.location != NSNotFound, let range = Range(r, in: text.string) else { return nil }
            return text.string[range]
        }
    }

}

/// One regular expression, compiled by ICU on its first use, once: the
/// first caller compiles it under the lock, later ones (any thread) reuse it.
final class LazyRegex: Sendable {
    // NSRegularExpression is immutable once built and documented as safe to
    // use from several threads at once.
    private struct Compiled: @unchecked Sendable {
        /// nil: ICU refused the pattern.
        let regex: NSRegularExpression?
    }

    /// The pattern text.
    let pattern: String
    /// Whether it matches without regard to case (uap-core's `regex_flag: 'i'`).
    let caseInsensitive: Bool
    private let state = Mutex<Compiled?>(nil)

    init(_ pattern: String, caseInsensitive: Bool) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
    }

    /// The compiled expression; nil when ICU refuses the pattern.
    func compiled() -> NSRegularExpression? {
        state.withLock { slot -> Compiled in
            if let slot { return slot }
            let made = Compiled(
                regex: try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []))
            slot = made
            return made
        }.regex
    }
}

/// Literals of many patterns, found in one pass over a text: at each
/// position, the literals starting with that position's first one, two or
/// three bytes are compared in full (tables indexed by those bytes; a
/// literal of three or more bytes sits in a hashed table of 2^16 buckets).
private struct LiteralIndex: Sendable {
    private struct Entry: Sendable {
        var number: Int32
        var literal: [UInt8]
    }

    private var one = [[Entry]](repeating: [], count: 256)
    private var two = [[Entry]](repeating: [], count: 65_536)
    private var three = [[Entry]](repeating: [], count: 65_536)
    private var hasShort = false

    private static func bucket(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        (Int(a) &* 7_919 &+ Int(b) &* 131 &+ Int(c)) & 0xFFFF
    }

    mutating func add(_ literal: [UInt8], _ number: Int32) {
        let entry = Entry(number: number, literal: literal)
        switch literal.count {
        case 0: return
        case 1:
            one[Int(literal[0])].append(entry)
            hasShort = true
        case 2:
            two[Int(literal[0]) << 8 | Int(literal[1])].append(entry)
            hasShort = true
        default: three[Self.bucket(literal[0], literal[1], literal[2])].append(entry)
        }
    }

    func scan(_ bytes: [UInt8], into result: inout [Bool]) {
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            for start in 0..<n {
                if hasShort {
                    for e in one[Int(b[start])] { result[Int(e.number)] = true }
                    if start + 1 < n {
                        for e in two[Int(b[start]) << 8 | Int(b[start + 1])] { result[Int(e.number)] = true }
                    }
                }
                guard start + 2 < n else { continue }
                for e in three[Self.bucket(b[start], b[start + 1], b[start + 2])] where !result[Int(e.number)] {
                    let literal = e.literal
                    guard start + literal.count <= n else { continue }
                    var j = 0
                    while j < literal.count, b[start + j] == literal[j] { j += 1 }
                    if j == literal.count { result[Int(e.number)] = true }
                }
            }
        }
    }
}

/// A user agent in the forms the matcher needs: its UTF-8 bytes, their ASCII
/// lowercase, and the string with its UTF-16 length for ICU.
struct AgentText {
    let string: String
    let bytes: [UInt8]
    let lowered: [UInt8]
    let fullRange: NSRange

    init(_ string: String) {
        self.string = string
        bytes = Array(string.utf8)
        lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        fullRange = NSRange(location: 0, length: string.utf16.count)
    }
}
