import ArgumentParser
import Foundation
import SafeGridCore

/// Options every command accepts, before or after the subcommand name.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: .zh(
        "数据存储：一个 SQLite 文件（默认取 $SAFEGRID_STORE，否则为 $XDG_DATA_HOME/safegrid/safegrid.sqlite）。",
        en: "The store: a SQLite file (default $SAFEGRID_STORE, else $XDG_DATA_HOME/safegrid/safegrid.sqlite).",
        valueName: "path"))
    var store: String?

    @Option(name: .long, help: .zh(
        "帮助、提示和文字输出的语言：zh-CN 或 en（默认按 LANG，否则为 zh-CN）。",
        en: "Language of help, messages and text output: zh-CN or en (default from LANG, else zh-CN).", valueName: "lang"))
    var lang: LanguageArgument?

    /// The language to write in (the same as ``CommandLanguage/current``, which help reads
    /// before parsing).
    var language: DisplayLanguage {
        lang?.language ?? DisplayLanguage(locale: ProcessInfo.processInfo.environment["LANG"])
    }

    /// Options that take a value and may stand before the subcommand.
    private static let valued = ["--lang", "--store"]

    /// Moves global options written before the subcommand (`safegrid --lang en checklist list`)
    /// to the end, where every subcommand's option group reads them.
    static func movingGlobalOptionsToEnd(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if valued.contains(argument), index + 1 < arguments.count {
                moved += [argument, arguments[index + 1]]
                index += 2
            } else if valued.contains(where: { argument.hasPrefix($0 + "=") }) {
                moved.append(argument)
                index += 1
            } else if argument.hasPrefix("-") {
                leading.append(argument)
                index += 1
            } else {
                break
            }
        }
        return leading + Array(arguments[index...]) + moved
    }
}

/// The value of `--lang`.
struct LanguageArgument: ExpressibleByArgument {
    var language: DisplayLanguage

    init?(argument: String) {
        switch argument.lowercased() {
        case "zh-cn", "zh", "zh_cn": language = .chinese
        case "en", "en-us", "en_us", "en-gb": language = .english
        default: return nil
        }
    }

    static var allValueStrings: [String] { DisplayLanguage.allCases.map(\.rawValue) }
}

/// Output formats of commands that print data.
enum DataFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
