import SafeGridCore

/// Wraps a paragraph to a number of terminal columns, in Chinese as in English.
///
/// A line may break at a space (which is dropped) and, in Chinese, between two characters where
/// either is wide, never before closing punctuation (`，。）`…) nor after opening punctuation
/// (`（“`…). In English only at spaces, so a Chinese gloss ("(整改通知书)") stays whole. Widths
/// count a wide character as two columns (``TextTable/width(of:)``). A word longer than a line
/// stands alone on its line, unbroken.
enum TextWrap {
    /// The lines of `text` (one paragraph), the first continuing a line already `start` columns
    /// wide, the others indented by `indent` spaces; at most `width` columns where words allow.
    /// - Parameter language: Chinese breaks between Chinese characters too; English only at spaces.
    static func lines(_ text: String, width: Int, start: Int = 0, indent: Int = 0, language: DisplayLanguage = .chinese) -> [String] {
        let pieces = segments(text, betweenWide: language == .chinese)
        var lines: [String] = []
        var line = ""
        var used = start
        var empty = true
        for piece in pieces {
            let gap = piece.spaced && !empty ? 1 : 0
            if !empty && used + gap + piece.width > width {
                lines.append(line)
                line = String(repeating: " ", count: indent) + piece.text
                used = indent + piece.width
            } else {
                line += (gap == 1 ? " " : "") + piece.text
                used += gap + piece.width
            }
            empty = false
        }
        lines.append(line)
        return lines
    }

    /// A run of text that is never broken, and whether a space stood before it.
    struct Segment {
        var text: String
        var spaced: Bool
        var width: Int
    }

    /// Splits at spaces and around wide characters, keeping punctuation with its neighbour.
    static func segments(_ text: String, betweenWide: Bool = true) -> [Segment] {
        var segments: [Segment] = []
        var spaced = false
        var previousWide = false
        for character in text {
            if character == " " {
                spaced = true
                continue
            }
            let wide = TextTable.width(of: String(character)) == 2
            let joins: Bool
            if let last = segments.last?.text.last, !spaced {
                // No break before closing punctuation, after opening punctuation, or inside a
                // run of narrow characters (a word, a number, an option name).
                joins = !betweenWide || closing.contains(character) || opening.contains(last) || (!wide && !previousWide)
            } else {
                joins = false
            }
            if joins {
                segments[segments.count - 1].text.append(character)
                segments[segments.count - 1].width += wide ? 2 : 1
            } else {
                segments.append(Segment(text: String(character), spaced: spaced, width: wide ? 2 : 1))
            }
            spaced = false
            previousWide = wide
        }
        return segments
    }

    private static let closing: Set<Character> = Set("，。、；：！？）」』》】〉”’,.;:!?)]}%…")
    private static let opening: Set<Character> = Set("（「『《【〈“‘([{")
}
