/// The names people read for a hazard's category, the code its checklist gives (`fire`,
/// `kitchen`, ...). This is the one place category names live: every format shown to people
/// (HTML, Markdown, XLSX, CSV, the terminal) names the category in the report's language, while
/// JSON and the stored events keep the code, as they keep `major` for a severity.
///
/// The four built-in checklists' categories have names here; a category that only a store's
/// own checklist uses has none, and is shown as its code.
///
/// ```swift
/// let fire = HazardCategory.label("fire", .chinese)       // "消防"
/// let kitchen = HazardCategory.label("kitchen", .english) // "Kitchen"
/// let boats = HazardCategory.label("boats", .chinese)     // "boats": no name, the code
/// ```
public enum HazardCategory {
    /// The built-in categories' names, by code.
    public static let names: [String: LocalizedText] = [
        "fire": LocalizedText(["zh-CN": "消防", "en": "Fire safety"]),
        "kitchen": LocalizedText(["zh-CN": "厨房", "en": "Kitchen"]),
        "electrical": LocalizedText(["zh-CN": "电气", "en": "Electrical"]),
        "stage": LocalizedText(["zh-CN": "舞台", "en": "Stage"]),
    ]

    /// The category's name in `language`, or the code itself when it has no name.
    public static func label(_ code: String, _ language: DisplayLanguage) -> String {
        names[code]?.resolved(for: language) ?? code
    }
}
