import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

extension VenueCommand {
    /// `safegrid venue vocabulary`: the kinds and tags a venue may have.
    struct Vocabulary: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the venue kinds and tags: codes, Chinese and English names.",
            discussion: """
                A venue's kind and tags decide which checklist items apply to it, so only these are
                accepted (by code or by any of their names; stored as the code); anything else is
                refused with the closest ones. A store adds its own with
                `safegrid config set venue-kinds CODE=中文名/English name,...` (venue-tags likewise).
                Works without a store (the built-in terms).

                Examples:
                  safegrid venue vocabulary
                  safegrid venue vocabulary --format json
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: text or json.") var format: DataFormat = .text

        func run() throws {
            let vocabulary = try Context.openIfPresent(global)?.engine.venueVocabulary() ?? .builtin
            let builtin = VenueVocabulary.builtin
            let l = global.language
            switch format {
            case .json:
                try Output.json(VocabularyJSON(kinds: vocabulary.kinds, tags: vocabulary.tags))
            case .text:
                var table = TextTable()
                table.append(l == .chinese ? ["类", "代码", "中文名", "英文名", "也可写作", "来源"] : ["FIELD", "CODE", "CHINESE", "ENGLISH", "ALSO", "FROM"])
                for field in VenueVocabulary.Field.allCases {
                    for term in vocabulary.terms(field) {
                        let own = !builtin.terms(field).contains(term)
                        table.append([
                            field == .kind ? l.pick("类型", "kind") : l.pick("标签", "tag"), term.code, term.chinese, term.english,
                            term.aliases.joined(separator: l.pick("、", ", ")), own ? l.pick("本存储", "this store") : l.pick("内置", "built-in"),
                        ])
                    }
                }
                Output.line(table.render())
            }
        }

        struct VocabularyJSON: Encodable {
            var kinds: [VenueVocabulary.Term]
            var tags: [VenueVocabulary.Term]
        }
    }
}
