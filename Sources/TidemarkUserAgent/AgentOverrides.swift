/// Tidemark's own knowledge on top of the public data, for what the data
/// lacks or gets wrong. Each row is a case-sensitive substring and the
/// reason it is here; keep the table small and send fixes upstream.
package enum AgentOverrides {
    /// One row: the marker (case-sensitive substring), a real agent that
    /// carries it (the tests check the row is still needed for it), and why.
    package struct Row: Sendable {
        /// The substring that decides.
        package var marker: String
        /// An agent the row is for.
        package var example: String
        /// Why the row exists.
        package var reason: String
    }

    /// Agents that are bots though neither uap-core nor crawler-user-agents
    /// (at the pinned versions) says so.
    package static let bots: [Row] = [
        Row(
            marker: "Freshping", example: "Mozilla/5.0 (compatible; Freshping/1.0; +https://www.freshworks.com/website-monitoring/)",
            reason: "Freshworks' uptime checker"),
        Row(marker: "Datadog/Synthetics", example: "Datadog/Synthetics", reason: "Datadog's synthetic monitoring checks"),
        Row(marker: "PostmanRuntime/", example: "PostmanRuntime/7.39.0", reason: "API test tool (Postman), not a browser"),
        Row(marker: "insomnia/", example: "insomnia/2023.5.8", reason: "API test tool (Insomnia), not a browser"),
    ]

    /// Agents that are people though a crawler pattern happens to match
    /// inside them (a device or brand name that contains a crawler's name).
    package static let people: [Row] = [
        Row(
            marker: "ViewSonic",
            example: "Mozilla/5.0 (Linux; U; Android 2.3; en-us; ViewSonic-ViewPad7e Build/ERE27) AppleWebKit/533.1 (KHTML, like Gecko) Version/4.0 Mobile Safari/533.1",
            reason: "ViewSonic tablets and phones: crawler pattern `Sonic` matches the brand"),
        Row(
            marker: "HTC_Butterfly",
            example: "Mozilla/5.0 (Linux; U; Android 4.1.1; ru-kz; HTC_Butterfly Build/JRO03C) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
            reason: "HTC Butterfly phones: crawler pattern `Butterfly` (an old crawler) matches the model"),
        Row(
            marker: "HTC Butterfly",
            example: "Mozilla/5.0 (Linux; Android 4.4.2; HTC Butterfly s Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/34.0.1847.114 Mobile Safari/537.36",
            reason: "HTC Butterfly phones, spelled with a space"),
        Row(
            marker: "HTC J Butterfly",
            example: "Mozilla/5.0 (Linux; U; Android 4.1.1; zh-CN; HTC J Butterfly Build/JRO03C) AppleWebKit/534.31 (KHTML, like Gecko) UCBrowser/9.3.0.321 U3/0.8.0 Mobile Safari/534.31",
            reason: "HTC J Butterfly (Japan) phones"),
    ]

    /// Substrings that make a device a tablet (SPEC §1 has no TV or console
    /// class; those land on tablet or desktop).
    package static let tabletMarkers = ["iPad", "Tablet", "Kindle", "Silk/", "PlayBook"]
    /// Tablet markers that are not tablets: Windows "Tablet PC" is a desktop edition.
    package static let notTabletMarkers = ["Tablet PC"]
    /// Substrings that make a device a phone.
    package static let mobileMarkers = ["Mobile", "iPhone", "iPod", "Windows Phone", "Opera Mini", "BlackBerry", "BB10"]
    /// uap-core device families that name a tablet.
    package static let tabletFamilies: Set<String> = ["iPad", "Generic Tablet", "Kindle", "Kindle Fire", "Kindle Fire HD"]
    /// uap-core device families that name a phone.
    package static let mobileFamilies: Set<String> = ["iPhone", "iPod", "Generic Smartphone", "Generic Feature Phone"]
}
