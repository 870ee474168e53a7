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

    /// A site; `kind` defaults to `.shop` for names starting with `shop.`, else `.content`.
    package init(name: String, events: Int, kind: Kind? = nil) {
        self.name = name
        self.events = max(0, events)
        self.kind = kind ?? (name.hasPrefix("shop.") ? .shop : .content)
    }
}
