/// One site of a synthetic day and how much traffic it gets.
package struct SyntheticSite: Sendable, Hashable {
    /// What kind of pages and custom events a site has.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A product site with a blog and docs: `signup`, `download`, `newsletter_subscribe`, `outbound_click`.
        case content
        /// A shop with products and a checkout funnel: `add_to_cart`, `begin_checkout`, `purchase`, `signup`.
        case shop
    }

    /// Site id (a hostname).
    package var name: String
    /// Distinct events to generate (retries come on top, about 0.5 %).
    package var events: Int
    /// Page and event catalogue.
    package var kind: Kind
    /// Where the site's day starts relative to UTC midnight, in milliseconds
    /// (−3 600 000 for a site whose local day starts at 23:00 UTC), so a site
    /// in a time zone gets its own local day of traffic (SPEC §3.1).
    package var startOffsetMillis: Int64 = 0

    /// A site; `kind` defaults to `.shop` for names starting with `shop.`, else `.content`.
    package init(name: String, events: Int, kind: Kind? = nil) {
        self.name = name
        self.events = max(0, events)
        self.kind = kind ?? (name.hasPrefix("shop.") ? .shop : .content)
    }
}
