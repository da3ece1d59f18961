/// The start of every HTML page SafeGrid writes, up to `<body>` and its line break: UTF-8, the
/// page's language, its title and style sheet, and a Content-Security-Policy that lets nothing
/// load or run (inline styles and `data:` images only), so a hostile name can at worst be shown.
public enum HTMLPage {
    /// The page's opening; `title` is escaped here, `css` is written as given.
    public static func opening(language: DisplayLanguage, title: String, css: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="SafeGrid">
        <title>\(title.markupEscaped)</title>
        <style>\(css)</style>
        </head>
        <body>

        """
    }
}
