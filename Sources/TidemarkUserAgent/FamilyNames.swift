/// uap-core's family names mapped onto SPEC §1's (`Chrome`, `Firefox`,
/// `Safari`, `Edge`, …; `Windows`, `macOS`, `iOS`, `Android`, `Linux`, …):
/// the mobile and embedded variants of a browser are that browser, Linux
/// distributions are Linux, `Other` is unknown (`""`). Names not listed pass
/// through as uap-core writes them (`Samsung Internet`, `Yandex Browser`,
/// `Chrome OS`, `Googlebot`, …).
package enum FamilyNames {
    /// SPEC §1 browser family for uap-core's user-agent family.
    package static func browser(_ family: String) -> String {
        if family == "Other" { return "" }
        if let name = browsers[family] { return name }
        if family.hasPrefix("Opera ") { return "Opera" }
        return family
    }

    /// SPEC §1 OS family for uap-core's OS family.
    package static func os(_ family: String) -> String {
        if family == "Other" { return "" }
        if let name = systems[family] { return name }
        return linuxDistributions.contains(family) ? "Linux" : family
    }

    private static let browsers: [String: String] = [
        "Chrome Mobile": "Chrome", "Chrome Mobile iOS": "Chrome", "Chrome Mobile WebView": "Chrome",
        "HeadlessChrome": "Chrome", "Chrome Frame": "Chrome",
        "Firefox Mobile": "Firefox", "Firefox iOS": "Firefox", "Firefox Beta": "Firefox", "Firefox Alpha": "Firefox",
        "Mobile Safari": "Safari", "Mobile Safari UI/WKWebView": "Safari",
        "Edge Mobile": "Edge",
        "IE": "Internet Explorer", "IE Mobile": "Internet Explorer", "IE Large Screen": "Internet Explorer",
        "Amazon Silk": "Silk",
        "DuckDuckGo Mobile": "DuckDuckGo",
        "Samsung Internet": "Samsung Internet",
    ]

    private static let systems: [String: String] = [
        "Mac OS X": "macOS", "Mac OS": "macOS",
    ]

    /// Distribution names uap-core reports as OS families (regexes.yaml 0.16).
    private static let linuxDistributions: Set<String> = [
        "Ubuntu", "Kubuntu", "Xubuntu", "Lubuntu", "Debian", "Fedora", "Red Hat", "CentOS", "Gentoo", "Mandriva",
        "Linux Mint", "Mint", "Arch Linux", "Slackware", "openSUSE", "SUSE", "PCLinuxOS", "Mageia", "Puppy",
        "BackTrack",
    ]
}
