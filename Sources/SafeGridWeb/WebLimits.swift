/// The sizes the web app accepts: a request body (a form with its photos), one photo, and how
/// many photos one form may carry. Larger requests are refused with 413 before anything is kept.
enum WebLimits {
    /// The largest request body: 24 MiB, several phone photos.
    static let requestBytes = 24 << 20
    /// The largest photo kept from an upload: 8 MiB.
    static let photoBytes = 8 << 20
    /// The most photos one form may carry.
    static let photosPerForm = 6
    /// The largest form without files (login, an action without photos).
    static let formBytes = 64 << 10
}
