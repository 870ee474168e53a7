import TidemarkCore

/// The parameters of `GET /api/v1/report` (docs/API.md), validated before
/// anything reaches a storage key: a site id of SPEC §1's form, real dates,
/// `from` not after `to`, and at most `maxDays` days.
package struct ReportQuery: Sendable, Hashable {
    /// Site id (validated syntax; whether it is served is checked by the caller).
    package var site: String
    /// How the range was given.
    package var selection: Selection
    /// `compare=previous`: also the period of the same length just before.
    package var comparePrevious: Bool

    /// A range given explicitly, or a named period ending on a day (today when nil).
    package enum Selection: Sendable, Hashable {
        /// `from=D&to=D`.
        case range(DayRange)
        /// `period=P` and an optional `date=D`.
        case period(PeriodName, endingOn: Int?)
    }

    /// The parameter names the report route takes.
    static let names: Set<String> = ["site", "from", "to", "period", "date", "compare"]

    /// Parses decoded query pairs; throws `ServeError.badRequest` naming the problem.
    package static func parse(_ pairs: [(String, String)]) throws -> ReportQuery {
        let p = try QueryPairs(pairs, allowed: names)
        let site = try p.site()
        let from = try p.day("from")
        let to = try p.day("to")
        let date = try p.day("date")
        let selection: Selection
        if let periodText = p["period"] {
            guard from == nil, to == nil else {
                throw ServeError.badRequest("give either period= (with an optional date=) or from= and to=, not both")
            }
            guard let period = PeriodName(rawValue: periodText) else {
                throw ServeError.badRequest(
                    "period=\(periodText) is not one of " + PeriodName.allCases.map(\.rawValue).joined(separator: ", "))
            }
            selection = .period(period, endingOn: date)
        } else {
            guard date == nil else { throw ServeError.badRequest("date= goes with period=; for a range give from= and to=") }
            guard let from, let to else {
                throw ServeError.badRequest("give from= and to= (YYYY-MM-DD, both inclusive), or period=")
            }
            guard from <= to else {
                throw ServeError.badRequest(
                    "the range is reversed: from=\(Timestamp.formatDay(from)) is after to=\(Timestamp.formatDay(to))")
            }
            selection = .range(DayRange(from: from, to: to))
        }
        var compare = false
        if let c = p["compare"] {
            guard c == "previous" else { throw ServeError.badRequest("compare=\(c): the only comparison is compare=previous") }
            compare = true
        }
        return ReportQuery(site: site, selection: selection, comparePrevious: compare)
    }

    /// The days to report: the explicit range, or the period ending on its
    /// date (or `today`, the site's current local date). Throws when the
    /// range, or its comparison period, is longer than `maxDays` or reaches
    /// before 1970.
    package func range(today: Int, maxDays: Int) throws -> DayRange {
        let range: DayRange
        switch selection {
        case .range(let r): range = r
        case .period(let period, let end): range = period.range(endingOn: end ?? today)
        }
        guard range.count <= maxDays else { throw ServeError.rangeTooLong(days: range.count, limit: maxDays) }
        guard (comparePrevious ? range.previous.from : range.from) >= 0 else {
            throw ServeError.badRequest("dates before 1970-01-01 are not served")
        }
        return range
    }
}

/// Decoded query parameters, each at most once, only those a route takes.
struct QueryPairs {
    private var values: [String: String] = [:]

    /// Longest value taken; a site id is at most 253 bytes.
    static let maxValueBytes = 256

    init(_ pairs: [(String, String)], allowed: Set<String>) throws {
        for (name, value) in pairs {
            guard allowed.contains(name) else {
                throw ServeError.badRequest(
                    "unknown parameter \(Self.shown(name)); this route takes " + allowed.sorted().joined(separator: ", "))
            }
            guard values[name] == nil else { throw ServeError.badRequest("parameter \(name) is given twice") }
            guard value.utf8.count <= Self.maxValueBytes else {
                throw ServeError.badRequest("parameter \(name) is longer than \(Self.maxValueBytes) bytes")
            }
            values[name] = value
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    /// `site=`, required, of SPEC §1's form.
    func site() throws -> String {
        guard let site = values["site"], !site.isEmpty else { throw ServeError.badRequest("site= is required") }
        guard Validation.isSiteID(site) else {
            throw ServeError.badRequest("site=\(Self.shown(site)) is not a site id ([a-z0-9][a-z0-9.-]{0,252})")
        }
        return site
    }

    /// A `YYYY-MM-DD` parameter, nil when absent.
    func day(_ name: String) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let day = Timestamp.parseDay(text) else {
            throw ServeError.badRequest("\(name)=\(Self.shown(text)) is not a date (YYYY-MM-DD)")
        }
        return day
    }

    /// A client's text as it may be echoed in a reason: at most 64 characters.
    static func shown(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(64)) + "…"
    }
}
