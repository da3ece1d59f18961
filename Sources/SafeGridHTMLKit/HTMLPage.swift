public import SafeGridCore
import Foundation

/// The start of every HTML page SafeGrid writes, up to `<body>` and its line break: UTF-8, the
/// page's language, its title and style sheet, and the ``ContentSecurityPolicy`` that says what
/// the page may load and run. An exported document's lets nothing load or run, so a hostile name
/// can at worst be shown.
public enum HTMLPage {
    /// The opening of a page with its style sheet inline: an exported document, one file that
    /// loads nothing.
    ///
    /// - Parameters:
    ///   - language: The page's language, its `lang` attribute.
    ///   - title: The page's title as plain text; it is escaped here.
    ///   - css: The style sheet, written inside `<style>` as given.
    ///   - policy: What the page may load and run; an exported document's unless told.
    /// - Returns: The page from `<!DOCTYPE html>` to `<body>` and its line break.
    public static func opening(
        language: DisplayLanguage, title: String, css: String, policy: ContentSecurityPolicy = .document
    ) -> String {
        opening(language: language, title: title, policy: policy, style: "<style>\(css)</style>")
    }

    /// The opening of a page that links its style sheet from its own origin: a page of the web
    /// app, whose policy allows no inline style.
    ///
    /// - Parameters:
    ///   - language: The page's language, its `lang` attribute.
    ///   - title: The page's title as plain text; it is escaped here.
    ///   - stylesheet: The style sheet's address, same-origin (`/style.css`); it is escaped here.
    ///   - policy: What the page may load and run; the web app's unless told. It must allow
    ///     style sheets from `'self'`, which an exported document's does not.
    /// - Returns: The page from `<!DOCTYPE html>` to `<body>` and its line break.
    public static func opening(
        language: DisplayLanguage, title: String, stylesheet: String, policy: ContentSecurityPolicy = .webApp
    ) -> String {
        opening(language: language, title: title, policy: policy, style: "<link rel=\"stylesheet\" href=\"\(stylesheet.markupEscaped)\">")
    }

    private static func opening(language: DisplayLanguage, title: String, policy: ContentSecurityPolicy, style: String) -> String {
        // Only what would end the attribute is escaped: a policy's quotes (`'none'`) stay as written.
        let policyText = policy.metaValue.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(policyText)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="SafeGrid">
            <title>\(title.markupEscaped)</title>
            \(style)
            </head>
            <body>

            """
    }
}
