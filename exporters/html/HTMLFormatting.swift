import Foundation
import SafeGridCore

/// Small, deterministic text helpers for the HTML report. None of them can trap: every value
/// comes from a document a third party may have built by hand.
enum HTMLFormatting {
    /// A rate for a `data-rate` attribute, to four places (`0.6667`); `nil` when there is none.
    static func rateAttribute(_ rate: Double?) -> String? {
        guard let rate, isPrintable(rate) else { return nil }
        return decimal(rate, places: 4)
    }

    /// A number with a fixed count of decimals, written without locale or `printf`, so the
    /// same value always gives the same bytes.
    static func decimal(_ value: Double, places: Int) -> String {
        guard isPrintable(value) else { return "0" }
        var scale = 1
        for _ in 0..<max(0, places) { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % scale)
        return sign + String(scaled / scale) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// An SVG coordinate to one decimal.
    static func coordinate(_ value: Double) -> String {
        let text = decimal(value, places: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// The text cut to `limit` characters with an ellipsis, for chart labels (the full text goes
    /// into a tooltip). Cut before escaping, so no entity is ever split.
    static func truncated(_ text: String, to limit: Int) -> String {
        let singleLine = text.replacingOccurrences(of: "\n", with: " ")
        guard singleLine.count > limit else { return singleLine }
        return String(singleLine.prefix(max(1, limit - 1))) + "…"
    }

    /// A generous estimate of the width of `text` set in the page's sans-serif font at
    /// `fontSize` px: a CJK or other wide character takes 1 em, anything else 0.65 em (wider than
    /// the digits, letters and signs of Noto Sans, DejaVu Sans or Arial). Charts place their
    /// labels by it, so a label may end up a little apart from its neighbour, never on it.
    static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            ems += scalar.value >= 0x1100 ? 1 : 0.65
        }
        return ems * fontSize
    }

    /// The text cut (with an ellipsis) to fit `width` px at `fontSize`, by ``estimatedWidth(_:fontSize:)``.
    static func fitted(_ text: String, width: Double, fontSize: Double) -> String {
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

    /// Whether a double can be formatted through an `Int` without trapping.
    static func isPrintable(_ value: Double) -> Bool {
        value.isFinite && abs(value) < 1e12
    }
}
