import Foundation

/// The time zone a site is reported in (SPEC §3.1): an IANA name from the
/// system's tz database, read through Foundation's `TimeZone`, or UTC.
///
/// Everything a report needs from the zone is a pure function of an instant
/// (epoch seconds): the offset in force, the local date, the first instant of
/// a local date, and the instants where the local clock shows a whole hour.
/// Two zones are equal when their names are.
package struct SiteZone: Sendable, Hashable, CustomStringConvertible {
    /// `UTC`, or the IANA name as configured (`Europe/Amsterdam`).
    package let identifier: String
    /// nil for UTC, whose offset is always zero.
    private let zone: TimeZone?

    /// UTC: the zone of a site without one.
    package static let utc = SiteZone(identifier: "UTC", zone: nil)

    private init(identifier: String, zone: TimeZone?) {
        self.identifier = identifier
        self.zone = zone
    }

    /// The zone named `identifier` exactly as the tz database spells it
    /// (`Europe/Amsterdam`); `UTC` is UTC. nil for an unknown name, for a
    /// different spelling of a known one (`europe/amsterdam`) and for
    /// offset forms that are not tz names (`GMT+5`).
    package init?(identifier: String) {
        if identifier == "UTC" {
            self = .utc
            return
        }
        guard let tz = TimeZone(identifier: identifier), tz.identifier == identifier else { return nil }
        self.init(identifier: identifier, zone: tz)
    }

    /// True for UTC, whose report times end in `Z`.
    package var isUTC: Bool { zone == nil }

    package var description: String { identifier }

    package static func == (a: SiteZone, b: SiteZone) -> Bool { a.identifier == b.identifier }
    package func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// The offset from UTC in force at `seconds` (epoch seconds), in seconds.
    package func offset(atSeconds seconds: Int64) -> Int {
        guard let zone else { return 0 }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// The instant `seconds` with the offset in force there.
    package func instant(_ seconds: Int64) -> ZonedInstant {
        ZonedInstant(seconds: seconds, offset: Int32(offset(atSeconds: seconds)))
    }

    /// The local date (days since the Unix epoch) of an instant in epoch milliseconds.
    package func localDay(atMillis millis: Int64) -> Int {
        let seconds = Timestamp.floorDivMod(millis, 1000).0
        return Int(Timestamp.floorDivMod(seconds + Int64(offset(atSeconds: seconds)), 86_400).0)
    }

    /// The first instant (epoch seconds) of local date `day`: local midnight,
    /// the earlier one when midnight happens twice, or the transition itself
    /// when the clocks skip midnight.
    package func dayStart(_ day: Int) -> Int64 {
        guard zone != nil else { return Int64(day) * 86_400 }
        let wall = Int64(day) * 86_400
        // Offsets one day either side of the candidates; real zones change at
        // most once in two days.
        let before = Int64(offset(atSeconds: wall - 86_400))
        let after = Int64(offset(atSeconds: wall + 86_400))
        var valid: [Int64] = []
        for o in [before, after] where Int64(offset(atSeconds: wall - o)) == o { valid.append(wall - o) }
        if let first = valid.min() { return first }
        // Midnight does not exist: the day starts where the clocks jump past it.
        return firstChange(from: wall - after, to: wall - before) ?? (wall - before)
    }

    /// The local date `day` as [first instant, first instant of the next
    /// date): 23, 24 or 25 hours around DST changes.
    package func dayBounds(_ day: Int) -> (start: Int64, end: Int64) {
        (dayStart(day), dayStart(day + 1))
    }

    /// The local clock hours of `day`, in order: the day's first instant, then
    /// every instant of the day where the local clock shows a whole hour
    /// (`HH:00`). On the day clocks go back two of them read the same time with
    /// different offsets; in a +05:45 zone they fall at :15 past UTC hours.
    package func clockHours(_ day: Int) -> [ZonedInstant] {
        let (start, end) = dayBounds(day)
        return clockHours(from: start, to: end)
    }

    /// The instants in [`start`, `end`) where the local clock shows a whole
    /// hour, with `start` first whatever it shows.
    package func clockHours(from start: Int64, to end: Int64) -> [ZonedInstant] {
        var out = [instant(start)]
        guard zone != nil else {
            var t = (Timestamp.floorDivMod(start, 3600).0 + 1) * 3600
            while t < end {
                out.append(ZonedInstant(seconds: t, offset: 0))
                t += 3600
            }
            return out
        }
        var t = start
        while t < end {
            let o = Int64(offset(atSeconds: t))
            let local = t + o
            let nextWall = (Timestamp.floorDivMod(local, 3600).0 + 1) * 3600
            let candidate = t + (nextWall - local)
            if let change = firstChange(from: t, to: min(candidate, end)) {
                // The clocks jump before the next whole hour: the jump is one
                // when the clock lands on a whole hour.
                let landed = instant(change)
                if change < end, Timestamp.floorDivMod(change + Int64(landed.offset), 3600).1 == 0 {
                    out.append(landed)
                }
                t = change
            } else {
                guard candidate < end else { break }
                out.append(ZonedInstant(seconds: candidate, offset: Int32(o)))
                t = candidate
            }
        }
        return out
    }

    /// The smallest instant in (`from`, `to`] whose offset differs from the
    /// offset at `from`, or nil when the offset at `to` is the same (spans
    /// here are at most a day, and zones change at most once in one).
    private func firstChange(from: Int64, to: Int64) -> Int64? {
        guard to > from else { return nil }
        let o = offset(atSeconds: from)
        guard offset(atSeconds: to) != o else { return nil }
        var lo = from
        var hi = to
        // Invariant: offset(lo) == o, offset(hi) != o.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if offset(atSeconds: mid) == o { lo = mid } else { hi = mid }
        }
        return hi
    }

    /// RFC 3339 text of an instant in this zone: `2026-10-25T02:00:00+02:00`,
    /// or `…Z` when the zone is UTC (SPEC §4.2).
    package func format(_ t: ZonedInstant) -> String {
        isUTC ? Timestamp.formatSeconds(t.seconds) : t.rfc3339
    }

    /// RFC 3339 text of `seconds` in this zone.
    package func format(seconds: Int64) -> String { format(instant(seconds)) }
}

/// An instant and the local offset in force there.
package struct ZonedInstant: Sendable, Hashable {
    /// Epoch seconds.
    package var seconds: Int64
    /// Offset from UTC in seconds (+7200 for +02:00).
    package var offset: Int32

    /// Memberwise initialiser.
    package init(seconds: Int64, offset: Int32) {
        self.seconds = seconds
        self.offset = offset
    }

    /// Seconds since the epoch as the local clock counts them.
    package var localSeconds: Int64 { seconds + Int64(offset) }

    /// `2026-10-25T02:00:00+02:00` (`+00:00` for a zero offset).
    package var rfc3339: String {
        Timestamp.formatLocalSeconds(localSeconds) + Self.offsetText(Int(offset))
    }

    /// `HH:MM` of the local clock.
    package var clock: String {
        let r = Int(Timestamp.floorDivMod(localSeconds, 86_400).1)
        return Timestamp.pad(r / 3600, 2) + ":" + Timestamp.pad(r / 60 % 60, 2)
    }

    /// `+02:00`, `-03:30`, `+05:45`.
    package static func offsetText(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let m = abs(offset) / 60
        return sign + Timestamp.pad(m / 60, 2) + ":" + Timestamp.pad(m % 60, 2)
    }
}
