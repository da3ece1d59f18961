import Foundation
import SafeGridCore

extension SafeGridEngine {
    /// The hazard a person means by `text`: its id in any case (`h-7k2m9q4txa`), or a prefix
    /// that only one hazard's id starts with (`h-7k2m`), with or without `H-`; Crockford's
    /// misreadings are read as he meant them (`I` and `L` as `1`, `O` as `0`) when the text as
    /// typed finds nothing.
    /// `hazardID(matching: "h-7k2m")` gives `H-7K2M9Q4TXA` when no other hazard's id starts so.
    /// - Throws: `SafeGridError` `not-found` when no hazard matches, `ambiguous-id` listing
    ///   the ids (at most 10) when several do.
    public func hazardID(matching text: String) throws -> String {
        try id(
            matching: text, prefix: "H", kind: ("hazard", "隐患"),
            exists: { reader, id in try !reader.events(hazardID: id).isEmpty },
            lookUp: { reader, prefix, limit in try reader.hazardIDs(startingWith: prefix, limit: limit) })
    }

    /// The inspection a person means by `text`, read as ``hazardID(matching:)`` reads a
    /// hazard's (`i-3f` for `I-3F…`).
    /// - Throws: `SafeGridError` `not-found` or `ambiguous-id`.
    public func inspectionID(matching text: String) throws -> String {
        try id(
            matching: text, prefix: "I", kind: ("inspection", "检查记录"),
            exists: { reader, id in try reader.inspection(id: id) != nil },
            lookUp: { reader, prefix, limit in try reader.inspectionIDs(startingWith: prefix, limit: limit) })
    }

    /// How many matches an ambiguous prefix lists.
    static let ambiguousListed = 10

    private func id(
        matching text: String, prefix: String, kind: (english: String, chinese: String),
        exists: (any HazardStoreReader, String) throws -> Bool, lookUp: (any HazardStoreReader, String, Int) throws -> [String]
    ) throws -> String {
        let typed = text.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { throw SafeGridError.notFound(kind.english, text) }
        return try store.read { reader in
            // A whole id first, whatever the index holds (`hazard show` of a hazard whose row
            // is missing still shows its events, for verify's findings).
            if try exists(reader, typed) { return typed }
            for form in Self.idForms(typed, prefix: prefix) {
                let found = try lookUp(reader, form, Self.ambiguousListed + 1)
                if found.isEmpty { continue }
                if found.count == 1 || found.first == form { return found[0] }
                let listed = found.prefix(Self.ambiguousListed)
                let more = found.count > Self.ambiguousListed ? " …" : ""
                throw SafeGridError(
                    .ambiguousID,
                    chinese: "“\(typed)”是多个\(kind.chinese)编号的开头：\(listed.joined(separator: "、"))\(more)；请多给几位",
                    english: "'\(typed)' starts more than one \(kind.english) id: \(listed.joined(separator: ", "))\(more); give more of it",
                    context: [kind.english: typed])
            }
            throw SafeGridError(
                .notFound, chinese: "没有编号为“\(typed)”或以它开头的\(kind.chinese)", english: "no \(kind.english) id is or starts with '\(typed)'",
                context: [kind.english: typed])
        }
    }

    /// The forms to look up, in order: as typed; in upper case with `H-` added when there is
    /// no dash; then with Crockford's misreadings mended after the dash.
    static func idForms(_ typed: String, prefix: String) -> [String] {
        var upper = typed.uppercased()
        if !upper.contains("-") { upper = prefix + "-" + upper }
        var forms = [typed, upper]
        if let dash = upper.firstIndex(of: "-") {
            let body = upper[upper.index(after: dash)...].map { character -> Character in
                switch character {
                case "I", "L": "1"
                case "O": "0"
                default: character
                }
            }
            forms.append(String(upper[...dash]) + String(body))
        }
        var seen = Set<String>()
        return forms.filter { seen.insert($0).inserted }
    }
}
