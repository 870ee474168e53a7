/// Where a site's local days begin (SPEC §3.1): the one place the period
/// code asks the site's zone, so period windows and daily windows agree.
package struct LocalDays: Sendable {
    /// The IANA zone name, or `UTC`.
    package let timeZone: String

    /// Days in `timeZone`.
    package init(timeZone: String = "UTC") {
        self.timeZone = timeZone
    }

    /// The first instant (epoch seconds) of local date `day`.
    package func start(of day: Int) -> Int64 {
        Int64(day) * 86_400
    }

    /// The local date holding instant `seconds`.
    package func day(containing seconds: Int64) -> Int {
        Int((seconds - (seconds % 86_400 + 86_400) % 86_400) / 86_400)
    }
}
