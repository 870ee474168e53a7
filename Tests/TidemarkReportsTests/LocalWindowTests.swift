import Testing
import TidemarkCore
import TidemarkReports

/// Local days and local clock hours (SPEC §3.1), checked against hand-read
/// tz facts and against a brute-force scan of every minute.
@Suite struct LocalWindowTests {
    /// One local day: its zone, date, clock-hour count, first instant (UTC)
    /// and the labels of its first buckets.
    struct Day: Sendable, CustomTestStringConvertible {
        var zone: String
        var date: String
        var hours: Int
        var startUTC: String
        var endUTC: String
        var firstLabels: [String]
        var testDescription: String { "\(zone) \(date)" }
    }

    static let days: [Day] = [
        Day(zone: "UTC", date: "2026-11-26", hours: 24, startUTC: "2026-11-26T00:00:00Z", endUTC: "2026-11-27T00:00:00Z",
            firstLabels: ["2026-11-26T00:00:00Z", "2026-11-26T01:00:00Z"]),
        Day(zone: "Europe/Amsterdam", date: "2026-03-29", hours: 23, startUTC: "2026-03-28T23:00:00Z",
            endUTC: "2026-03-29T22:00:00Z",
            firstLabels: ["2026-03-29T00:00:00+01:00", "2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00"]),
        Day(zone: "Europe/Amsterdam", date: "2026-10-25", hours: 25, startUTC: "2026-10-24T22:00:00Z",
            endUTC: "2026-10-25T23:00:00Z",
            firstLabels: [
                "2026-10-25T00:00:00+02:00", "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00",
                "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00",
            ]),
        Day(zone: "Europe/Amsterdam", date: "2026-11-26", hours: 24, startUTC: "2026-11-25T23:00:00Z",
            endUTC: "2026-11-26T23:00:00Z", firstLabels: ["2026-11-26T00:00:00+01:00"]),
        Day(zone: "America/New_York", date: "2026-03-08", hours: 23, startUTC: "2026-03-08T05:00:00Z",
            endUTC: "2026-03-09T04:00:00Z",
            firstLabels: ["2026-03-08T00:00:00-05:00", "2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00"]),
        Day(zone: "America/New_York", date: "2026-11-01", hours: 25, startUTC: "2026-11-01T04:00:00Z",
            endUTC: "2026-11-02T05:00:00Z",
            firstLabels: ["2026-11-01T00:00:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00"]),
        Day(zone: "Asia/Kolkata", date: "2026-11-26", hours: 24, startUTC: "2026-11-25T18:30:00Z",
            endUTC: "2026-11-26T18:30:00Z", firstLabels: ["2026-11-26T00:00:00+05:30", "2026-11-26T01:00:00+05:30"]),
        Day(zone: "Asia/Kathmandu", date: "2026-11-26", hours: 24, startUTC: "2026-11-25T18:15:00Z",
            endUTC: "2026-11-26T18:15:00Z", firstLabels: ["2026-11-26T00:00:00+05:45", "2026-11-26T01:00:00+05:45"]),
        Day(zone: "Australia/Adelaide", date: "2026-04-05", hours: 25, startUTC: "2026-04-04T13:30:00Z",
            endUTC: "2026-04-05T14:30:00Z",
            firstLabels: [
                "2026-04-05T00:00:00+10:30", "2026-04-05T01:00:00+10:30", "2026-04-05T02:00:00+10:30",
                "2026-04-05T02:00:00+09:30",
            ]),
        Day(zone: "Australia/Adelaide", date: "2026-10-04", hours: 23, startUTC: "2026-10-03T14:30:00Z",
            endUTC: "2026-10-04T13:30:00Z",
            firstLabels: ["2026-10-04T00:00:00+09:30", "2026-10-04T01:00:00+09:30", "2026-10-04T03:00:00+10:30"]),
        // Chatham moves at :45, so its repeated hour reads 03:00 and the
        // skipped wall hour is 03:00; every clock hour still lasts an hour.
        Day(zone: "Pacific/Chatham", date: "2026-04-05", hours: 25, startUTC: "2026-04-04T10:15:00Z",
            endUTC: "2026-04-05T11:15:00Z",
            firstLabels: [
                "2026-04-05T00:00:00+13:45", "2026-04-05T01:00:00+13:45", "2026-04-05T02:00:00+13:45",
                "2026-04-05T03:00:00+13:45", "2026-04-05T03:00:00+12:45",
            ]),
        Day(zone: "Pacific/Chatham", date: "2026-09-27", hours: 23, startUTC: "2026-09-26T11:15:00Z",
            endUTC: "2026-09-27T10:15:00Z",
            firstLabels: ["2026-09-27T00:00:00+12:45", "2026-09-27T01:00:00+12:45", "2026-09-27T02:00:00+12:45",
                "2026-09-27T04:00:00+13:45"]),
        // Santiago skips midnight: the day starts at 01:00.
        Day(zone: "America/Santiago", date: "2026-09-06", hours: 23, startUTC: "2026-09-06T04:00:00Z",
            endUTC: "2026-09-07T03:00:00Z", firstLabels: ["2026-09-06T01:00:00-03:00", "2026-09-06T02:00:00-03:00"]),
        // …and repeats the last hour of the day before it falls back.
        Day(zone: "America/Santiago", date: "2026-04-04", hours: 25, startUTC: "2026-04-04T03:00:00Z",
            endUTC: "2026-04-05T04:00:00Z", firstLabels: ["2026-04-04T00:00:00-03:00"]),
        Day(zone: "America/Havana", date: "2026-03-08", hours: 23, startUTC: "2026-03-08T05:00:00Z",
            endUTC: "2026-03-09T04:00:00Z", firstLabels: ["2026-03-08T01:00:00-04:00", "2026-03-08T02:00:00-04:00"]),
        Day(zone: "America/Havana", date: "2026-11-01", hours: 25, startUTC: "2026-11-01T04:00:00Z",
            endUTC: "2026-11-02T05:00:00Z",
            firstLabels: ["2026-11-01T00:00:00-04:00", "2026-11-01T00:00:00-05:00", "2026-11-01T01:00:00-05:00"]),
    ]

    static func zone(_ name: String) throws -> SiteZone { try #require(SiteZone(identifier: name)) }
    static func day(_ text: String) throws -> Int { try #require(Timestamp.parseDay(text)) }

    @Test(arguments: days)
    func localDaysAndClockHours(_ d: Day) throws {
        let zone = try Self.zone(d.zone)
        let day = try Self.day(d.date)
        let w = ReportWindow.daily(site: "s.example", day: day, zone: zone)
        #expect(Timestamp.formatSeconds(w.startSeconds) == d.startUTC)
        #expect(Timestamp.formatSeconds(w.endSeconds) == d.endUTC)
        #expect(w.lengthSeconds == Int64(d.hours) * 3600)
        let labels = w.bucketStarts.map(zone.format)
        #expect(labels.count == d.hours)
        #expect(Array(labels.prefix(d.firstLabels.count)) == d.firstLabels)
        // Every bucket label is a local clock hour of that date (bar a day that starts after a gap).
        #expect(labels.allSatisfy { $0.hasPrefix(d.date + "T") })
        #expect(labels.dropFirst().allSatisfy { $0.dropFirst(13).hasPrefix(":00:00") })
        #expect(w.identity == "daily/site=s.example/date=" + d.date)
    }

    @Test(arguments: days)
    func clockHoursMatchAMinuteByMinuteScan(_ d: Day) throws {
        let zone = try Self.zone(d.zone)
        let day = try Self.day(d.date)
        // The reference: scan every minute from 40 h before UTC midnight of the date.
        let from = Int64(day) * 86_400 - 40 * 3600
        var start: Int64?
        var end: Int64?
        var hours: [Int64] = []
        var t = from
        while t < from + 100 * 3600, end == nil {
            let local = t + Int64(zone.offset(atSeconds: t))
            let localDay = Timestamp.floorDivMod(local, 86_400).0
            if start == nil, localDay == Int64(day) { start = t }
            if start != nil, localDay > Int64(day) { end = t }
            if start != nil, end == nil, localDay == Int64(day), t == start || local % 3600 == 0 { hours.append(t) }
            t += 60
        }
        let w = ReportWindow.daily(site: "s.example", day: day, zone: zone)
        #expect(w.startSeconds == start)
        #expect(w.endSeconds == end)
        #expect(w.bucketStarts.map(\.seconds) == hours)
        let hourly = ReportWindow.clockHours(site: "s.example", day: day, zone: zone)
        #expect(hourly.map(\.startSeconds) == hours)
        #expect(hourly.first?.startSeconds == w.startSeconds && hourly.last?.endSeconds == w.endSeconds)
        #expect(zip(hourly, hourly.dropFirst()).allSatisfy { $0.endSeconds == $1.startSeconds })
    }

    @Test(arguments: days)
    func hourlyKeysAreUniqueAndPartitionsOwnedOnce(_ d: Day) throws {
        let zone = try Self.zone(d.zone)
        let day = try Self.day(d.date)
        // Three consecutive days of clock hours, and the days themselves.
        let hourly = (day - 1...day + 1).flatMap { ReportWindow.clockHours(site: "s.example", day: $0, zone: zone) }
        #expect(Set(hourly.map(\.identity)).count == hourly.count)
        let daily = (day - 1...day + 1).map { ReportWindow.daily(site: "s.example", day: $0, zone: zone) }
        for windows in [hourly, daily] {
            // Over the middle day's span, every UTC hour is owned by exactly one window.
            let span = (Timestamp.floorDivMod(daily[1].startSeconds, 3600).0)..<(daily[1].endSeconds / 3600)
            for h in span {
                let owners = windows.filter { $0.owns(UTCHour(index: h)) }
                #expect(owners.count == 1, "hour \(UTCHour(index: h).dateString)T\(UTCHour(index: h).hourString)")
            }
            for w in windows {
                #expect(w.ownedHours.allSatisfy { w.owns($0) && w.contains($0) })
                #expect(w.hours.allSatisfy { w.contains($0) })
            }
        }
        #expect(hourly.map(\.day).filter { $0 == day }.count == d.hours)
    }

    @Test func repeatedHourHasTwoKeys() throws {
        let zone = try Self.zone("Europe/Amsterdam")
        let hours = ReportWindow.clockHours(site: "s.example", day: try Self.day("2026-10-25"), zone: zone)
        let twos = hours.filter { $0.start.clock == "02:00" }
        #expect(twos.map(\.identity) == [
            "hourly/site=s.example/date=2026-10-25/hour=00", "hourly/site=s.example/date=2026-10-25/hour=01",
        ])
        #expect(twos.map { zone.format($0.start) } == ["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00"])
        #expect(twos[1].previous == twos[0])
        #expect(hours[0].previous.day == hours[0].day - 1)
    }

    @Test func kathmanduHoursStartAtQuarterPast() throws {
        let zone = try Self.zone("Asia/Kathmandu")
        let day = try Self.day("2026-11-26")
        let hours = ReportWindow.clockHours(site: "s.example", day: day, zone: zone)
        #expect(hours.allSatisfy { $0.startSeconds % 3600 == 900 })
        // 18:15 UTC: the window reads the partitions 18 and 19, owns 19 and looks back into 18.
        let first = hours[0]
        #expect(first.identity == "hourly/site=s.example/date=2026-11-25/hour=18")
        #expect(first.hours.map(\.hourOfDay) == [18, 19])
        #expect(first.ownedHours.map(\.hourOfDay) == [19])
        #expect(first.lookbackHours.isEmpty)
        #expect(hours[1].lookbackHours.map(\.hourOfDay) == [18])
        #expect(hours[1].lookbackStartMillis == hours[1].startMillis - 1_800_000)
        let daily = ReportWindow.daily(site: "s.example", day: day, zone: zone)
        #expect(daily.hours.count == 25)
        #expect(daily.ownedHours.count == 24)
        #expect(daily.ownedHours.first?.hourOfDay == 19)
    }

    @Test func utcWindowsAreTheUTCHoursAndDays() throws {
        let day = try Self.day("2026-11-26")
        let hours = ReportWindow.clockHours(site: "s.example", day: day, zone: .utc)
        #expect(hours == (0..<24).map { ReportWindow.hourly(site: "s.example", hour: UTCHour(day: day, hour: $0)) })
        #expect(hours[5].lookbackHours == [UTCHour(day: day, hour: 4)])
        #expect(hours[0].lookbackHours.isEmpty)
        let d = ReportWindow.daily(site: "s.example", day: day)
        #expect(d.hours == d.ownedHours && d.hours.count == 24)
        #expect(d.bucketStarts.map(\.offset).allSatisfy { $0 == 0 })
    }

    @Test(arguments: ["Europe/Amsterdam", "Asia/Kathmandu", "America/New_York", "UTC", "Pacific/Chatham"])
    func knownZonesAreAccepted(_ name: String) throws {
        #expect(try Self.zone(name).identifier == name)
    }

    @Test(arguments: ["Europe/Amsterdm", "europe/amsterdam", "GMT+5", "", "Mars/Olympus_Mons"])
    func unknownZonesAreRejected(_ name: String) {
        #expect(SiteZone(identifier: name) == nil)
    }

    @Test func localDayOfAnInstant() throws {
        let zone = try Self.zone("Asia/Kathmandu")
        let day = try Self.day("2026-11-26")
        let start = ReportWindow.daily(site: "s", day: day, zone: zone).startMillis
        #expect(zone.localDay(atMillis: start) == day)
        #expect(zone.localDay(atMillis: start - 1) == day - 1)
        #expect(SiteZone.utc.localDay(atMillis: start) == day - 1)
    }
}
