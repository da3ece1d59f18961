import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

extension VenueCommand {
    /// `safegrid venue vocabulary`: the kinds and tags a venue may have.
    struct Vocabulary: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出场所类型和标签：代码、中文名和英文名。", en: "List the venue kinds and tags: codes, Chinese and English names."),
            discussion: .zh("""
                场所的类型和标签决定检查表中哪些条目适用，所以只接受这些（写代码或任何一个名称均可，保存为代码）；其他的一律拒绝，并给出最接近的几个。数据存储可用 `safegrid config set venue-kinds 代码=中文名/English name,...` 增加自己的（venue-tags 同理）。没有数据存储时列出内置的。

                示例：
                  safegrid venue vocabulary
                  safegrid venue vocabulary --format json
                """, en: """
                A venue's kind and tags decide which checklist items apply to it, so only these are accepted (by code or by any of their names; stored as the code); anything else is refused with the closest ones. A store adds its own with `safegrid config set venue-kinds CODE=CHINESE/ENGLISH,...` (e.g. kiosk=报刊亭/newsstand; venue-tags likewise). Works without a store (the built-in terms).

                Examples:
                  safegrid venue vocabulary
                  safegrid venue vocabulary --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .dataFormat) var format: DataFormat = .text

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
