import ArgumentParser
import Foundation
@testable import SafeGridCLI
import SafeGridCore
import Testing

/// Every command's `--help` and argument-parser's usage errors, through the binary, in the
/// language `LANG` (or `--lang`) asks for, wrapped once to `COLUMNS`.
///
/// What counts as untranslated English in a Chinese screen: three or more English words in a
/// row (words of letters, lower case after the first) outside the usage line, example lines
/// (lines of an overview that start with spaces), `code spans`, option names, `<placeholders>`
/// and names in capitals (`SAFEGRID_NOW`, `FILE`). A CJK character in an English screen is
/// allowed only inside parentheses, as a gloss: "(整改通知书)".
@Suite("Help and usage errors in the user's language")
struct HelpLanguageTests {
    /// Every command's path below `safegrid`, walked from `Safegrid.configuration`.
    static let commands: [[String]] = {
        func walk(_ command: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
            [path] + command.configuration.subcommands.flatMap { walk($0, path + [$0._commandName]) }
        }
        return walk(Safegrid.self, [])
    }()

    static func help(_ path: [String], lang: String, columns: Int = 100) throws -> String {
        let outcome = try SafegridProcess.run(path + ["--help"], environment: ["LANG": lang, "COLUMNS": "\(columns)"])
        #expect(outcome.status == 0, "\(path): \(outcome.stderr)")
        return outcome.stdout
    }

    @Test("the walk finds every command")
    func walkFindsCommands() {
        #expect(Self.commands.count > 30)
        #expect(Self.commands.contains(["hazard", "list"]))
        #expect(Self.commands.contains(["key", "trust"]))
    }

    @Test("zh_CN: every help is Chinese, with no untranslated English sentence", arguments: commands)
    func chinese(path: [String]) throws {
        let text = try Self.help(path, lang: "zh_CN.UTF-8")
        let screen = HelpScreen(text)
        #expect(screen.overview.first.map(HelpScreen.hasCJK) == true, "\(path): the overview is not Chinese:\n\(text)")
        #expect(screen.usage.first?.hasPrefix("用法：") == true, "\(path):\n\(text)")
        #expect(!screen.elements.isEmpty, "\(path):\n\(text)")
        for element in screen.elements {
            #expect(HelpScreen.hasCJK(element), "\(path): '\(element)' has no Chinese help:\n\(text)")
        }
        for heading in ["OVERVIEW", "USAGE", "OPTIONS", "ARGUMENTS", "SUBCOMMANDS", "default:", "values:"] {
            #expect(!text.contains(heading), "\(path): '\(heading)' untranslated:\n\(text)")
        }
        let english = HelpScreen.englishSentences(in: screen.prose)
        #expect(english.isEmpty, "\(path): untranslated English \(english):\n\(text)")
    }

    @Test("en_US: every help is English; Chinese only as a gloss in parentheses", arguments: commands)
    func english(path: [String]) throws {
        let text = try Self.help(path, lang: "en_US.UTF-8")
        let screen = HelpScreen(text)
        #expect(text.hasPrefix("OVERVIEW: "), "\(path):\n\(text)")
        #expect(screen.usage.first?.hasPrefix("USAGE: ") == true, "\(path):\n\(text)")
        // Per paragraph: a gloss may be wrapped.
        let outside = [screen.prose.joined(separator: " ").replacing(#/\([^()]*\)|（[^（）]*）/#, with: "")].filter(HelpScreen.hasCJK)
        #expect(outside.isEmpty, "\(path): Chinese outside a gloss \(outside):\n\(text)")
    }

    @Test("--lang wins over LANG, before or after the subcommand")
    func langOption() throws {
        let before = try SafegridProcess.run(["--lang", "en", "hazard", "list", "--help"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(before.stdout.hasPrefix("OVERVIEW: List hazards"), "\(before)")
        let after = try SafegridProcess.run(["hazard", "list", "--help", "--lang=zh-CN"], environment: ["LANG": "en_US.UTF-8"])
        #expect(after.stdout.hasPrefix("概述：列出隐患"), "\(after)")
    }

    /// argument-parser's own usage errors, one of each kind: its wording is matched to translate
    /// it, so a new version that words one differently fails here.
    static let usageErrors: [(arguments: [String], chinese: String)] = [
        (["hazard", "show"], "错误：缺少参数 <id>"),
        (["checklist", "list", "--bogus"], "错误：未知选项 --bogus"),
        (["checklist", "list", "--formt", "json"], "错误：未知选项 --formt；是否想用 --format？"),
        (["report", "--by", "planet"], "错误：值 'planet' 不适用于 --by <by>；可选值："),
        (["checklist", "list", "--format", "xml"], "错误：值 'xml' 不适用于 --format <format>；可选值：'text'、'json'"),
        (["hazard", "list", "--grid"], "错误：选项 --grid <grid> 缺少值"),
        (["hazard", "list", "--overdue=yes"], "错误：选项 --overdue 不带值，却给了 'yes'"),
        (["checklist", "list", "extra"], "错误：多余的参数 'extra'"),
        (["nonsense"], "错误：多余的参数 'nonsense'"),
        (["hazard", "reinspect", "H-1"], "错误：--pass 和 --fail 须给出且只给出一个。"),
        (["report", "--as-of", "soon"], "错误：--as-of 'soon' 不是 ISO 8601 日期"),
    ]

    @Test("usage errors in Chinese, exit 2", arguments: usageErrors.indices)
    func chineseUsageError(index: Int) throws {
        let (arguments, chinese) = Self.usageErrors[index]
        let workspace = try EngineWorkspace("help-usage")
        defer { workspace.remove() }
        // Times are read once the store is open.
        if arguments.contains("--as-of") { try workspace.setUpExample() }
        let outcome = try workspace.run(arguments, now: "2026-06-10T12:00", extra: ["LANG": "zh_CN.UTF-8", "COLUMNS": "100"])
        #expect(outcome.status == 2, "\(arguments): \(outcome)")
        #expect(outcome.stderr.contains(chinese), "\(arguments): \(outcome.stderr)")
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        let prose = lines.filter { !$0.hasPrefix("用法：") && !$0.hasPrefix("  ") && !$0.hasPrefix("帮助：") }
        #expect(HelpScreen.englishSentences(in: prose).isEmpty, "\(arguments): \(outcome.stderr)")
        #expect(lines.contains { $0.hasPrefix("用法：safegrid") }, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.contains("  详见 safegrid"), "\(arguments): \(outcome.stderr)")
    }

    @Test("usage errors in English with --lang en")
    func englishUsageError() throws {
        let outcome = try SafegridProcess.run(["hazard", "show", "--lang", "en"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("Error: Missing expected argument '<id>'"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("Usage: safegrid hazard show ["), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("  See 'safegrid hazard show --help' for more information."), "\(outcome.stderr)")
        #expect(!HelpScreen.hasCJK(outcome.stderr), "\(outcome.stderr)")
    }

    @Test("help is wrapped once, to COLUMNS, in both languages", arguments: ["zh_CN.UTF-8", "en_US.UTF-8"], [44, 60, 100])
    func wrapped(lang: String, columns: Int) throws {
        for path in [["inspect"], ["verify"], ["report"], ["hazard", "list"], []] {
            let text = try Self.help(path, lang: lang, columns: columns)
            let screen = HelpScreen(text)
            for line in text.split(separator: "\n").map(String.init) where !screen.examples.contains(line) && TextTable.width(of: line) > columns {
                // Only a word longer than a line's help column may stick out, alone.
                let last = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(TextTable.width(of: last) > columns - HelpText.labelColumn,
                        "\(path) \(lang) at \(columns) columns: '\(line)' is \(TextTable.width(of: line)) wide")
            }
            // Example lines are kept as written.
            if path == ["inspect"] {
                #expect(text.contains("  safegrid inspect --venue S1 --checklist stage --opens-at 2026-06-20T19:00 --responses stage.json --format json"))
            }
        }
        // Wide enough, a paragraph is one line: the source holds it unwrapped.
        let wide = try Self.help(["checklist", "validate"], lang: "en_US.UTF-8", columns: 200)
        #expect(wide.contains("\nEach problem is printed to standard error as FILE:LINE:COLUMN: error: MESSAGE [CODE]. Exits 1 if any file is invalid.\n"), "\(wide)")
    }

    @Test("a Chinese paragraph breaks between characters, never before closing punctuation")
    func wrapChinese() {
        let lines = TextWrap.lines("检查表写明的检查项，没有照片不能报告已整改。超过上限的文件会被拒绝。", width: 20)
        #expect(lines.allSatisfy { TextTable.width(of: $0) <= 20 }, "\(lines)")
        #expect(lines.joined() == "检查表写明的检查项，没有照片不能报告已整改。超过上限的文件会被拒绝。")
        #expect(lines.dropFirst().allSatisfy { !"，。".contains($0.first!) }, "\(lines)")
        let mixed = TextWrap.lines("列：line,level,code 为 grid 或 police；其余", width: 16, indent: 2)
        #expect(mixed.contains { $0.contains("line,level,code") }, "\(mixed)")
        #expect(mixed.dropFirst().allSatisfy { $0.hasPrefix("  ") }, "\(mixed)")
    }

    @Test("times in messages are station time with the station's offset, never UTC")
    func stationTimeInMessages() throws {
        let workspace = try EngineWorkspace("help-time")
        defer { workspace.remove() }
        try workspace.setUpExample()
        let responses = try workspace.responses("v1.json", items: EngineFixtures.exampleItems, failing: ["A"])
        let inspected = EngineJSON.object(try workspace.json(
            ["inspect", "--venue", "V1", "--checklist", "example", "--at", "2026-06-01T10:00", "--responses", responses.path],
            now: "2026-06-01T10:00"))
        let id = try #require(EngineJSON.string(EngineJSON.object(EngineJSON.array(inspected["hazards"]).first)["id"]))
        // A 7-day deadline: the end of 2026-06-08 in Shanghai, 15:59:59 in UTC.
        let earlier = try workspace.run(["hazard", "extend", id, "--until", "2026-06-05", "--reason", "等待配件"], now: "2026-06-02T12:00")
        #expect(earlier.status == 1, "\(earlier)")
        #expect(earlier.stderr.contains("新期限必须晚于现行期限 2026-06-08T23:59:59+08:00"), "\(earlier.stderr)")
        #expect(!earlier.stderr.contains("15:59:59Z"), "\(earlier.stderr)")
        let before = try workspace.run(["hazard", "rectify", id, "--at", "2026-05-31T09:00"], now: "2026-06-02T12:00")
        #expect(before.stderr.contains("2026-05-31T09:00:00+08:00") && before.stderr.contains("2026-06-01T10:00:00+08:00"), "\(before.stderr)")
    }
}

/// A rendered help screen, read the way a person reads it.
struct HelpScreen {
    /// The overview: its first line, then its paragraphs (example lines left out).
    var overview: [String] = []
    /// The usage line and its continuation lines.
    var usage: [String] = []
    /// Each argument, option and subcommand: its label and help, joined.
    var elements: [String] = []
    /// Every line a person reads as prose: the overview's paragraphs and each element's help.
    var prose: [String] = []
    /// The overview's example lines, as typed.
    var examples: Set<String> = []

    init(_ text: String) {
        enum Part { case overview, usage, sections }
        var part = Part.overview
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("用法：") || line.hasPrefix("USAGE: ") {
                part = .usage
                usage.append(line)
                continue
            }
            switch part {
            case .overview:
                // Example lines (indented) are written as they are typed.
                if line.first == " " {
                    examples.insert(line)
                } else if !line.isEmpty {
                    overview.append(line)
                    prose.append(line)
                }
            case .usage:
                if line.isEmpty { part = .sections } else { usage.append(line) }
            case .sections:
                if line.hasPrefix("  "), line.dropFirst(2).first != " " {
                    elements.append(line)
                    prose.append(String(line.dropFirst(min(line.count, HelpText.labelColumn))))
                } else if line.hasPrefix(String(repeating: " ", count: HelpText.labelColumn)), !elements.isEmpty {
                    elements[elements.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                    prose.append(line)
                }
            }
        }
    }

    static func hasCJK(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
    }

    /// Runs of three or more English words in `lines`, outside code spans, option names,
    /// placeholders and names in capitals.
    static func englishSentences(in lines: [String]) -> [String] {
        var found: [String] = []
        for line in lines {
            let plain = line.replacing(#/`[^`]*`|<[^>]*>/#, with: " ")
            var run: [String] = []
            for token in plain.split(separator: " ").map(String.init) + [""] {
                if token.wholeMatch(of: #/\(?[A-Za-z][a-z']*[,.;:!?)]*/#) != nil, token.first != "-" {
                    run.append(token)
                } else {
                    if run.count >= 3 { found.append(run.joined(separator: " ")) }
                    run = []
                }
            }
        }
        return found
    }
}

/// argument-parser's rarer usage errors, made by small commands of the test's own and
/// translated in-process: a new wording of any of them fails here.
@Suite("argument-parser's rarer usage errors in Chinese")
struct LibraryErrorWordingTests {
    enum Mode: String, EnumerableFlag { case quick, thorough }

    struct Exclusive: ParsableCommand {
        @Flag(exclusivity: .exclusive) var mode: Mode = .quick
    }

    struct Required: ParsableCommand {
        @Flag var mode: Mode
    }

    struct Parent: ParsableCommand {
        static let configuration = CommandConfiguration(subcommands: [Child.self])
        struct Child: ParsableCommand {}
    }

    static func chinese<C: ParsableCommand>(_ command: C.Type, _ arguments: [String]) -> String {
        do {
            _ = try command.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
            return ""
        } catch {
            return HelpText.error(command.fullMessage(for: error, columns: HelpText.unwrapped), .chinese, width: 80)
        }
    }

    @Test("each is translated, with no English sentence left", arguments: [
        ("exclusive", ["--quick", "--thorough"], "与"),
        ("required", [], "缺少以下之一："),
        ("invalid", ["-@"], "选项 -@"),
        ("unknown-subcommand", ["nonsense"], "多余的参数 'nonsense'"),
        ("unexpected", ["a", "b"], "多余的参数 2 个："),
    ])
    func translated(name: String, arguments: [String], expected: String) {
        let text: String = switch name {
        case "exclusive": Self.chinese(Exclusive.self, arguments)
        case "required": Self.chinese(Required.self, arguments)
        case "unexpected": Self.chinese(Exclusive.self, arguments)
        default: Self.chinese(Parent.self, arguments)
        }
        #expect(text.hasPrefix("错误："), "\(name): \(text)")
        #expect(text.contains(expected), "\(name): \(text)")
        let prose = HelpScreen(text).prose + text.split(separator: "\n").prefix(1).map(String.init)
        #expect(HelpScreen.englishSentences(in: prose).isEmpty, "\(name): \(text)")
    }
}
