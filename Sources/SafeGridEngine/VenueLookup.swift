import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// The venues whose id, name or address contains `text` (ignoring case), by id: how an
    /// inspector standing at stall "老王烧烤" finds it without knowing its id.
    public func findVenues(_ text: String) throws -> [Venue] {
        let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !needle.isEmpty else { return [] }
        return try store.read { try $0.venues() }.filter { venue in
            [venue.id, venue.name, venue.address].contains { $0.lowercased().contains(needle) }
        }
    }

    /// The venue an inspector means by `text`: the venue with that id, else the one venue with
    /// exactly that name, else the one venue whose id, name or address contains it.
    /// - Throws: `SafeGridError` `not-found` when none matches, `invalid-input` listing the
    ///   candidates when several do.
    public func venue(named text: String) throws -> Venue {
        if let venue = try store.read({ try $0.venue(id: text) }) { return venue }
        let candidates = try findVenues(text)
        let exact = candidates.filter { $0.name == text }
        if exact.count == 1 { return exact[0] }
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty { throw SafeGridError.notFound("venue", text) }
        let shown = (exact.isEmpty ? candidates : exact).prefix(10).map { "\($0.id) \($0.name)" }
        let more = candidates.count > 10 ? " …" : ""
        throw SafeGridError.invalidInput(
            "'\(text)' matches \(candidates.count) venues: \(shown.joined(separator: ", "))\(more); give the id",
            chinese: "“\(text)”对应 \(candidates.count) 个场所：\(shown.joined(separator: "、"))\(more)；请给出编号",
            context: ["venue": text])
    }
}
