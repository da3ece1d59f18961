import Foundation
import SafeGridCore
import SafeGridXML
import Testing

/// The bases of the built-in checklists: each citation with its instrument and edition, none of an
/// edition since replaced, each tagged where it is law, and every item resting on national law or
/// standards or saying `practice`.
@Suite("Built-in checklists: bases current, tagged and national")
struct BuiltinBasisTests {
    /// A citation taken apart: the instrument (`消防法`, `GB 35181`) and its edition (`2021`, `2025`).
    struct Citation: CustomStringConvertible {
        var checklist: String
        var item: String
        var jurisdiction: String
        var text: String
        var instrument: String
        var edition: String?

        var description: String {
            "\(checklist) \(item)  [\(jurisdiction)]  \(text)  — \(instrument), edition \(edition ?? "not given")"
        }
    }

    /// Instruments replaced by another, with what replaced them.
    static let replaced = [
        "GA 654": "GB/T 40248-2021", "JGJ 46": "JGJ/T 46-2024", "61号令": "公安部令第61号", "120号令": "公安部令第107号（第120号修正）",
    ]
    /// The edition in force of instruments that had an earlier one.
    static let current = ["GB 35181": "2025", "北京市消防条例": "2025", "GB 50016": "2014 (2018年版)", "JGJ/T 46": "2024"]
    /// Foreign or private standards: only ever `reference`.
    static let foreign = ["NFPA", "OSHA", "NEC", "ANSI", "BS ", "Alberta", "ASCE", "LOLER", "Purple Guide"]
    /// The province each local instrument belongs to.
    static let provinces = ["北京市": "CN-BJ", "广东省": "CN-GD"]

    /// Takes a citation apart. Standards: `CODE NUMBER-YEAR (YEAR年版)`; ministry orders: `公安部令第N号`
    /// and an amending order; laws and regulations: `NAME (YEAR)`.
    static func parse(_ text: String) -> (instrument: String, edition: String?) {
        if let match = text.firstMatch(of: /^((?:GB\/T|GB|GA\/T|GA|JGJ\/T|JGJ|XF\/T|XF) \d+(?:\.\d+)?)-(\d{4})( \(\d{4}年版\))?/) {
            return (String(match.1), String(match.2) + (match.3.map(String.init) ?? ""))
        }
        if let match = text.firstMatch(of: /^(公安部令第\d+号)(（第\d+号修正）)?/) {
            return (String(match.1), match.2.map { String($0.dropFirst().dropLast()) } ?? "as issued")
        }
        if let match = text.firstMatch(of: /^(.+?) \((\d{4})\)/) { return (String(match.1), String(match.2)) }
        let instrument = text.prefix { $0 != "§" }.trimmingCharacters(in: .whitespaces)
        return (instrument.isEmpty ? text : instrument, nil)
    }

    static func citations() throws -> [Citation] {
        var all: [Citation] = []
        for checklist in try ChecklistImporter().builtinChecklists() {
            for item in checklist.items {
                for basis in item.bases {
                    let (instrument, edition) = parse(basis.citation)
                    all.append(Citation(
                        checklist: checklist.id, item: item.id, jurisdiction: basis.jurisdiction?.code ?? (basis.isPractice ? "practice" : "untagged"),
                        text: basis.citation, instrument: instrument, edition: edition))
                }
            }
        }
        return all
    }

    @Test("every basis listed with its instrument and edition: none superseded, each national or provincial one with its edition")
    func current() throws {
        let all = try Self.citations()
        #expect(all.count > 100, "\(all.count) bases")
        for citation in all {
            print(citation)
            if citation.jurisdiction == "practice" { continue }
            #expect(citation.jurisdiction != "untagged", "\(citation): every built-in basis names its jurisdiction")
            for superseded in ["GB 35181-2017", "GA 654-2006", "JGJ 46-2005"] {
                #expect(!citation.text.contains(superseded), "\(citation): \(superseded) is superseded")
            }
            if let replacement = Self.replaced[citation.instrument] {
                Issue.record("\(citation): \(citation.instrument) is replaced by \(replacement)")
            }
            if let edition = Self.current[citation.instrument] {
                #expect(citation.edition == edition, "\(citation): the edition in force is \(edition)")
            }
            if citation.jurisdiction != "reference" {
                #expect(citation.edition != nil, "\(citation): a national or provincial basis names its edition")
            }
        }
        // The pre-2025 Beijing numbering: any 北京市消防条例 article without the 2025 edition.
        #expect(!all.contains { $0.text.hasPrefix("北京市消防条例") && $0.edition != "2025" })
    }

    @Test("each basis is tagged where it is law: foreign standards as reference, provincial rules with their province")
    func tagged() throws {
        for citation in try Self.citations() where citation.jurisdiction != "practice" {
            if Self.foreign.contains(where: { citation.text.hasPrefix($0) }) {
                #expect(citation.jurisdiction == "reference", "\(citation)")
            } else if let province = Self.provinces.first(where: { citation.text.hasPrefix($0.key) })?.value {
                #expect(citation.jurisdiction == province, "\(citation)")
            } else if citation.jurisdiction != "reference" {
                #expect(citation.jurisdiction == "national", "\(citation): a national instrument")
            }
        }
    }

    @Test("every item has a national basis or says practice")
    func nationalOrPractice() throws {
        for checklist in try ChecklistImporter().builtinChecklists() {
            for item in checklist.items {
                let national = item.bases.contains { $0.jurisdiction == .national }
                let practice = item.bases.contains(where: \.isPractice)
                #expect(national || practice, "\(checklist.id) \(item.id): bases \(item.bases.map(\.citation))")
                #expect(!(national && practice), "\(checklist.id) \(item.id): practice means no national basis was found")
            }
        }
    }
}
