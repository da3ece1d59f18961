import Foundation
import SafeGridCore
import SafeGridXML
import Testing

/// Whether `text` has a non-blank variant in `tag`.
func hasText(_ text: LocalizedText?, _ tag: String) -> Bool {
    guard let variant = text?[tag] else { return false }
    return !variant.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
}

@Suite("Built-in checklists: complete, bilingual, and the same as the files on disk")
struct BuiltinChecklistTests {
    /// `checklists/*.xml`.
    static let files = Corpus.xmlFiles(in: Corpus.checklists)

    @Test("there are built-in checklist files")
    func filesExist() {
        #expect(BuiltinChecklistTests.files.count >= 4, "no checklists found in \(Corpus.checklists.path)")
    }

    @Test("built-in file imports cleanly and is complete", arguments: files)
    func builtinFile(_ name: String) throws {
        let url = Corpus.checklists.appendingPathComponent(name)
        let checklist: Checklist
        switch try Corpus.importer().validate(contentsOf: url) {
        case .success(let value): checklist = value
        case .failure(let error):
            Issue.record("\(name) has diagnostics:\n\(error)")
            return
        }
        #expect(checklist.id + ".xml" == name)
        #expect(checklist.items.count >= 13, "\(name) has \(checklist.items.count) items")
        #expect(Set(checklist.items.map(\.id)).count == checklist.items.count)
        for text in [checklist.title] + checklist.sections.map(\.title) {
            #expect(hasText(text, "zh-CN") && hasText(text, "en"), "\(name): title \(text.variants)")
        }
        for item in checklist.items {
            let place = "\(name) \(item.id)"
            #expect(hasText(item.prompt, "zh-CN"), "\(place): no zh-CN prompt")
            #expect(hasText(item.prompt, "en"), "\(place): no en prompt")
            #expect(hasText(item.failText, "zh-CN"), "\(place): no zh-CN fail text")
            #expect(hasText(item.failText, "en"), "\(place): no en fail text")
            #expect(Severity.allCases.contains(item.severity), "\(place): severity")
            #expect(DeadlineRule(code: item.deadline.code) == item.deadline, "\(place): deadline \(item.deadline.code)")
            let basis = item.basis ?? ""
            #expect(!basis.trimmingCharacters(in: .whitespaces).isEmpty, "\(place): no basis")
            if case .choice(let options) = item.response {
                for option in options {
                    #expect(hasText(option.label, "zh-CN") && hasText(option.label, "en"), "\(place) option \(option.id)")
                }
            }
        }
        // Severity and deadline are written in the file, item by item (the model cannot
        // hold an item without them, so check the source too).
        let source = try String(contentsOf: url, encoding: .utf8)
        let itemTags = source.components(separatedBy: "<item ").dropFirst().map { $0.prefix { $0 != ">" } }
        #expect(itemTags.count == checklist.items.count)
        for tag in itemTags {
            #expect(tag.contains("severity=\"") && tag.contains("deadline=\""), "\(name): <item \(tag)>")
        }
    }

    @Test("builtinChecklistIDs are the file names")
    func idsAreFileNames() {
        #expect(ChecklistImporter.builtinChecklistIDs == BuiltinChecklistTests.files.map { String($0.dropLast(".xml".count)) })
    }

    @Test("builtinChecklists() returns what importing the files from disk gives")
    func embeddedEqualsDisk() throws {
        let importer = try Corpus.importer()
        let embedded = try importer.builtinChecklists()
        let fromDisk = try BuiltinChecklistTests.files.map {
            try importer.importChecklist(contentsOf: Corpus.checklists.appendingPathComponent($0))
        }
        #expect(embedded.map(\.id) == ChecklistImporter.builtinChecklistIDs)
        #expect(embedded == fromDisk)
        #expect(embedded.map(\.contentHash) == fromDisk.map(\.contentHash))
        for id in ChecklistImporter.builtinChecklistIDs {
            #expect(try importer.builtinChecklist(id: id)?.contentHash == fromDisk.first { $0.id == id }?.contentHash)
        }
        #expect(try importer.builtinChecklist(id: "no-such-checklist") == nil)
    }
}
