import Hummingbird
import NIOCore
import SafeGridCore

/// What a request carries through the app besides itself: who is asking (set by
/// ``SessionMiddleware``), the language its pages are written in, and where it came from (for
/// the login throttle and the access log).
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The logged-in user, when the session cookie names a live session.
    var user: WebUser?
    /// The session the cookie names, when live.
    var session: WebSession?
    /// The page language: the user's setting, else the browser's `Accept-Language`.
    var language: DisplayLanguage = .chinese
    /// The peer's address, without its port.
    let address: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Uploads are read in full up to the app's limit; the limit itself is checked where the
    /// body is collected, with a page that says so (``WebLimits``).
    var maxUploadSize: Int { WebLimits.requestBytes }
}
