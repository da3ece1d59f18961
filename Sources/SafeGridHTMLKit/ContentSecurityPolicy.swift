/// What a page may load and run, as a Content-Security-Policy. A page SafeGrid writes carries its
/// policy in a `meta` tag (``HTMLPage``); a server sends the same text as an HTTP header
/// (``headerValue``), where the directives a `meta` tag cannot carry (`frame-ancestors`) count too.
public struct ContentSecurityPolicy: Sendable, Hashable {
    /// The policy's directives as a `Content-Security-Policy` header sends them, for example
    /// `default-src 'none'; style-src 'unsafe-inline'; img-src data:` (the page's `meta` tag
    /// carries ``metaValue``).
    public let headerValue: String

    /// The policy as a page's `meta` tag carries it: without the directives browsers ignore
    /// there (`frame-ancestors`, `sandbox`, `report-uri`), which only the header can send.
    public var metaValue: String {
        headerValue.split(separator: ";").map { String($0.drop { $0 == " " }) }
            .filter { directive in !["frame-ancestors", "sandbox", "report-uri"].contains { directive.hasPrefix($0) } }
            .joined(separator: "; ")
    }

    /// A policy from its directives, written as a header writes them.
    ///
    /// - Parameter headerValue: The directives, separated by `; `.
    public init(headerValue: String) {
        self.headerValue = headerValue
    }

    /// An exported document's: nothing loads or runs, the inline style sheet and `data:` images
    /// (the photos inside the page) only, so a hostile name can at worst be shown.
    public static let document = ContentSecurityPolicy(headerValue: "default-src 'none'; style-src 'unsafe-inline'; img-src data:")

    /// The web app's: scripts, style sheets, images and form posts from its own origin only, no
    /// inline script or style, never framed by another site, and no `<base>` to redirect its links.
    public static let webApp = ContentSecurityPolicy(
        headerValue: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
}
