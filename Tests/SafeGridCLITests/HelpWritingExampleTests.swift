import ArgumentParser
@testable import SafeGridCLI
import SafeGridCore
import Testing

/// The README's example of help written in both languages ("Language, help and times"), line
/// for line, as a command that builds and answers in this run's language.
struct VenueListExample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("列出场所。", en: "List venues."),
        discussion: .zh("""
            只写日期表示当天结束时。

            示例：
              safegrid venue list --grid G1
            """, en: """
            A bare date means the end of that day.

            Examples:
              safegrid venue list --grid G1
            """))
    @Option(help: .zh("只列此网格。", en: "Only this grid.")) var grid: String?
    @Option(help: .dataFormat) var format: DataFormat = .text

    func validate() throws {
        guard grid != nil else {
            throw ValidationError(.zh("请给出 --grid。", en: "Give --grid."))
        }
    }
}

@Suite("The README's help-writing example")
struct HelpWritingExampleTests {
    @Test("its help and its usage error are in this run's language")
    func example() throws {
        let language = CommandLanguage.current
        let help = VenueListExample.helpMessage()
        #expect(help.contains(language.pick("列出场所。", "List venues.")) && help.contains(language.pick("只列此网格。", "Only this grid.")), "\(help)")
        #expect(throws: (any Error).self) { try VenueListExample.parse([]) }
        do {
            _ = try VenueListExample.parse([])
        } catch {
            #expect(VenueListExample.message(for: error) == language.pick("请给出 --grid。", "Give --grid."))
        }
    }
}
