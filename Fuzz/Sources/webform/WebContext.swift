import Hummingbird

/// WebForm.read names the web app's request context, which brings the whole app with it; the
/// parsers fuzzed here never use it, so any context type stands in.
typealias WebContext = BasicRequestContext
