import SafeGridCore
import SafeGridHTMLKit

/// What a rectification notice and a re-inspection record print alike: the heading with the
/// issuing station and the number, the cells of the venue table, and an area with its follower.
/// Labels come in escaped (each document's wording escapes its own); values are escaped here
/// unless the name says they are markup.
enum DocumentParts {
    /// The issuer, the title and the number: the top of the page.
    static func heading(issuer: String, title: String, numberLabel: String, number: String) -> String {
        """
        <p class="issuer-name" data-hook="issuer">\(issuer.markupEscaped)</p>
        <h1>\(title.markupEscaped)</h1>
        <p class="number"><span class="label">\(numberLabel)</span> <span data-hook="number">\(number.markupEscaped)</span></p>

        """
    }

    /// A labelled cell of the venue table; `markup` is already HTML.
    static func cell(_ label: String, _ hook: String, markup: String, span: Bool = false) -> String {
        "<th scope=\"row\">\(label)</th><td data-hook=\"\(hook)\"\(span ? " colspan=\"3\"" : "")>\(markup)</td>"
    }

    /// The venue's name, with its id in code type.
    static func venueName(_ venue: Venue) -> String {
        venue.name.markupEscaped + (venue.id.isEmpty ? "" : " <span class=\"code\">\(venue.id.markupEscaped)</span>")
    }

    /// A grid or police grid with its code and, when recorded, its follower in that role.
    static func area(_ area: AreaReference, follower role: String, _ l: DisplayLanguage) -> String {
        var text = "\(area.name.markupEscaped) <span class=\"code\">\(area.code.markupEscaped)</span>"
        if let follower = area.follower, !follower.isEmpty {
            text += "<span class=\"follower\">\(role.markupEscaped)\(l.pick("：", ": "))\(RectificationNotice.Wording.person(follower).markupEscaped)</span>"
        }
        return text
    }
}
