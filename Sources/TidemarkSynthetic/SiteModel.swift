import TidemarkCore

/// The tables one site draws from, each value already encoded as the JSON
/// fragment it becomes in a line; built once per pass.
struct SiteModel {
    /// What a page means for the funnels that lead to custom events.
    enum Role {
        /// Roles that lead nowhere in particular, then the funnel steps.
        case other, pricing, signup, docs, blog, product, cart, checkout, thanks, account
    }

    /// A page: its role and its `"path":"…",` fragment.
    struct Page {
        /// Where the page sits in a funnel.
        var role: Role
        /// `"path":"…",`.
        var fragment: [UInt8]

        /// The page at `path`.
        init(_ path: String) {
            role = Page.role(of: path)
            fragment = SyntheticText.field("path", path)
        }

        private static func role(of path: String) -> Role {
            switch path {
            case "/pricing": return .pricing
            case "/signup": return .signup
            case "/account": return .account
            case "/cart": return .cart
            case "/checkout": return .checkout
            case "/checkout/thank-you": return .thanks
            default:
                if path.hasPrefix("/docs/") { return .docs }
                if path.hasPrefix("/blog/") { return .blog }
                if path.hasPrefix("/products/") { return .product }
                return .other
            }
        }
    }

    /// What a line records: a page view or one of the custom events.
    enum Action: Int, CaseIterable {
        /// A page view, then the custom events by name.
        case pageview, signup, download, newsletterSubscribe, outboundClick, addToCart, beginCheckout, purchase

        /// The `name` field: empty for a page view.
        var name: String {
            switch self {
            case .pageview: ""
            case .signup: "signup"
            case .download: "download"
            case .newsletterSubscribe: "newsletter_subscribe"
            case .outboundClick: "outbound_click"
            case .addToCart: "add_to_cart"
            case .beginCheckout: "begin_checkout"
            case .purchase: "purchase"
            }
        }
    }

    /// Device classes of human visitors (crawlers are drawn apart).
    enum HumanDevice {
        /// The `device` values of people.
        case desktop, mobile, tablet
    }

    /// Content site or shop.
    let kind: SyntheticSite.Kind
    /// `"site":"…",`.
    let site: [UInt8]
    /// `"type":"…","name":"…",` per action.
    let actions: [[UInt8]]
    /// Pages by Zipf popularity.
    let pages: WeightedTable<Page>
    /// `"ref_host":…,"utm_source":…,"utm_medium":…,"utm_campaign":…,` of a visit's first event.
    let referrers: WeightedTable<[UInt8]>
    /// The same for visits from a tagged campaign link.
    let campaigns: WeightedTable<[UInt8]>
    /// The same four fields, empty, for every later event of a visit.
    let noEntry: [UInt8]
    /// Device classes of people.
    let devices: WeightedTable<HumanDevice>
    /// `"browser":…,"os":…,` by device class.
    let desktop: WeightedTable<[UInt8]>
    /// Mobile browsers and systems.
    let mobile: WeightedTable<[UInt8]>
    /// Tablet browsers and systems.
    let tablet: WeightedTable<[UInt8]>
    /// `"device":"…"}` per device class, the end of every line.
    let deviceTail: [Device: [UInt8]]
    /// `"country":…,` fragments.
    let countries: WeightedTable<[UInt8]>
    /// Crawlers: `"country":…,` and `"browser":…,"os":"",`.
    let bots: WeightedTable<(country: [UInt8], agent: [UInt8])>
    /// UTC hour a person's first visit starts in.
    let hours: WeightedTable<Int>
    /// Pages the funnels lead to, whatever their popularity.
    let signupPage = Page("/signup")
    /// The cart, after `add_to_cart`.
    let cartPage = Page("/cart")
    /// The checkout, from the cart.
    let checkoutPage = Page("/checkout")
    /// The page after `purchase`.
    let thanksPage = Page("/checkout/thank-you")

    /// The tables for site `name` of `kind`.
    init(site name: String, kind: SyntheticSite.Kind) {
        self.kind = kind
        site = SyntheticText.field("site", name)
        actions = Action.allCases.map {
            SyntheticText.field("type", ($0 == .pageview ? EventKind.pageview : .event).rawValue)
                + SyntheticText.field("name", $0.name)
        }
        let paths = kind == .shop ? SyntheticCatalog.shopPages : SyntheticCatalog.contentPages
        pages = WeightedTable(zipf: paths.map(Page.init))
        func entry(_ ref: String, _ source: String, _ medium: String, _ campaign: String) -> [UInt8] {
            SyntheticText.field("ref_host", ref) + SyntheticText.field("utm_source", source)
                + SyntheticText.field("utm_medium", medium) + SyntheticText.field("utm_campaign", campaign)
        }
        let refs = kind == .shop ? SyntheticCatalog.shopReferrers : SyntheticCatalog.contentReferrers
        referrers = WeightedTable(refs.map { (entry($0.0, "", "", ""), $0.1) })
        campaigns = WeightedTable(
            SyntheticCatalog.campaigns.map { (entry($0.0.refHost, $0.0.source, $0.0.medium, $0.0.campaign), $0.1) })
        noEntry = entry("", "", "", "")
        devices = WeightedTable(
            kind == .shop ? [(.desktop, 40), (.mobile, 52), (.tablet, 8)] : [(.desktop, 58), (.mobile, 36), (.tablet, 6)])
        func agents(_ table: [((String, String), Double)]) -> WeightedTable<[UInt8]> {
            WeightedTable(table.map { (SyntheticText.field("browser", $0.0.0) + SyntheticText.field("os", $0.0.1), $0.1) })
        }
        desktop = agents(SyntheticCatalog.desktopAgents)
        mobile = agents(SyntheticCatalog.mobileAgents)
        tablet = agents(SyntheticCatalog.tabletAgents)
        var tails: [Device: [UInt8]] = [:]
        for d in Device.allCases { tails[d] = SyntheticText.field("device", d.rawValue, last: true) + [0x7D] }
        deviceTail = tails
        countries = WeightedTable(SyntheticCatalog.countries.map { (SyntheticText.field("country", $0.0), $0.1) })
        bots = WeightedTable(
            SyntheticCatalog.bots.map {
                ((SyntheticText.field("country", $0.0.1), SyntheticText.field("browser", $0.0.0) + SyntheticText.field("os", "")), $0.1)
            })
        // Shoppers come later in the day than readers of docs.
        let shift = kind == .shop ? 2 : 0
        hours = WeightedTable((0..<24).map { ($0, SyntheticCatalog.diurnal[($0 - shift + 24) % 24]) })
    }
}
