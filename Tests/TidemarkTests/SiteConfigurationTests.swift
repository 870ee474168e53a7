import Foundation
import Testing
import TidemarkCore

/// `sites:` entries with time zones (SPEC §3.1, §5).
@Suite struct SiteConfigurationTests {
    static func decode(_ sites: String) throws -> TidemarkConfiguration {
        let json = "{\"sites\": \(sites), \"regions\": [{\"name\": \"eu\", \"endpoint\": \"file:///tmp/x\"}]}"
        return try JSONDecoder().decode(TidemarkConfiguration.self, from: Data(json.utf8))
    }

    @Test func entriesAreNamesOrNamesWithZones() throws {
        let c = try Self.decode(
            #"["example.com", {"name": "shop.example.com", "time_zone": "Europe/Amsterdam"}, {"name": "k.example"}]"#)
        #expect(c.sites == ["example.com", "shop.example.com", "k.example"])
        #expect(c.siteEntries[1] == SiteEntry(name: "shop.example.com", timeZone: "Europe/Amsterdam"))
        #expect(c.zone(for: "example.com") == .utc)
        #expect(c.zone(for: "shop.example.com").identifier == "Europe/Amsterdam")
        #expect(c.zone(for: "k.example") == .utc)
        #expect(c.zone(for: "unlisted.example") == .utc)
        #expect(c.problems().isEmpty)
    }

    @Test(arguments: ["Europe/Amsterdm", "europe/amsterdam", "GMT+5", ""])
    func unknownZonesAreConfigurationErrorsNamingThem(_ zone: String) throws {
        let c = try Self.decode(#"[{"name": "shop.example.com", "time_zone": "\#(zone)"}]"#)
        let problems = c.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("unknown time zone \"\(zone)\"") == true)
        #expect(problems.first?.contains("shop.example.com") == true)
    }

    @Test func aSiteListedTwiceIsAnError() throws {
        let c = try Self.decode(#"["a.example", {"name": "a.example", "time_zone": "UTC"}]"#)
        #expect(c.problems() == ["sites: \"a.example\" appears twice"])
    }

    @Test func theEmbeddedDefaultHasASiteWithDaylightSavingTime() {
        let c = TidemarkConfiguration.embeddedDefault()
        #expect(c.sites == ["example.com", "shop.example.com"])
        #expect(c.zone(for: "shop.example.com").identifier == "Europe/Amsterdam")
        #expect(c.problems().isEmpty)
    }
}
