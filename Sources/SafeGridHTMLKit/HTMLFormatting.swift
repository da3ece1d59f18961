import Foundation

/// Small, deterministic text helpers for HTML pages and their charts. None of them can trap:
/// every value comes from a document a third party may have built by hand.
public enum HTMLFormatting {
    /// A rate for a `data-rate` attribute, to four places (`0.6667`).
    ///
    /// - Parameter rate: The rate, 0 to 1, or `nil` when it has no denominator.
    /// - Returns: The rate's text, or `nil` when there is no rate or it cannot be printed.
    public static func rateAttribute(_ rate: Double?) -> String? {
        guard let rate, isPrintable(rate) else { return nil }
        return decimal(rate, places: 4)
    }

    /// A number with a fixed count of decimals, written without locale or `printf`, so the
    /// same value always gives the same bytes. A value that cannot be printed
    /// (``isPrintable(_:)``) is `0`.
    ///
    /// - Parameters:
    ///   - value: The number.
    ///   - places: How many decimals; none when 0 or less.
    /// - Returns: The number's text, `-` before a negative one that does not round to 0.
    public static func decimal(_ value: Double, places: Int) -> String {
        guard isPrintable(value) else { return "0" }
        var scale = 1
        for _ in 0..<max(0, places) { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % scale)
        return sign + String(scaled / scale) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// An SVG coordinate to one decimal, without a trailing `.0` (`12`, `12.5`).
    ///
    /// - Parameter value: The coordinate.
    /// - Returns: Its text.
    public static func coordinate(_ value: Double) -> String {
        let text = decimal(value, places: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// The text cut to `limit` characters with an ellipsis, for chart labels (the full text goes
    /// into a tooltip). Cut before escaping, so no entity is ever split. Line breaks become spaces.
    ///
    /// - Parameters:
    ///   - text: The text, not yet escaped.
    ///   - limit: The most characters kept, the ellipsis included.
    /// - Returns: The text on one line, cut when longer than `limit`.
    public static func truncated(_ text: String, to limit: Int) -> String {
        let singleLine = text.replacingOccurrences(of: "\n", with: " ")
        guard singleLine.count > limit else { return singleLine }
        return String(singleLine.prefix(max(1, limit - 1))) + "…"
    }

    /// A generous estimate of the width of `text` set in the page's sans-serif font at
    /// `fontSize` px: a CJK or other wide character takes 1 em, anything else 0.65 em (wider than
    /// the digits, letters and signs of Noto Sans, DejaVu Sans or Arial). Charts place their
    /// labels by it, so a label may end up a little apart from its neighbour, never on it.
    ///
    /// - Parameters:
    ///   - text: The text, not yet escaped.
    ///   - fontSize: The font size in px.
    /// - Returns: The width in px.
    public static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            ems += scalar.value >= 0x1100 ? 1 : 0.65
        }
        return ems * fontSize
    }

    /// The text cut (with an ellipsis) to fit `width` px at `fontSize`, by
    /// ``estimatedWidth(_:fontSize:)``. Line breaks become spaces.
    ///
    /// - Parameters:
    ///   - text: The text, not yet escaped.
    ///   - width: The room in px.
    ///   - fontSize: The font size in px.
    /// - Returns: The text on one line, cut when it would not fit.
    public static func fitted(_ text: String, width: Double, fontSize: Double) -> String {
        let singleLine = text.replacingOccurrences(of: "\n", with: " ")
        guard estimatedWidth(singleLine, fontSize: fontSize) > width else { return singleLine }
        var kept = ""
        for character in singleLine {
            let next = kept + String(character)
            if estimatedWidth(next + "…", fontSize: fontSize) > width { break }
            kept = next
        }
        return kept + "…"
    }

    /// Whether a double can be formatted through an `Int` without trapping: finite, and less
    /// than 10¹² either way.
    ///
    /// - Parameter value: The number.
    /// - Returns: Whether the helpers here print it as it is.
    public static func isPrintable(_ value: Double) -> Bool {
        value.isFinite && abs(value) < 1e12
    }
}
