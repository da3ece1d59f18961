import ArgumentParser
import Foundation
import SafeGridCore

/// The language the command line speaks in this run: help, usage errors and messages.
///
/// Chosen once, when first read, from the process's own arguments (`--lang zh-CN|en`, before or
/// after the subcommand) and else `LANG`, the same rule as ``GlobalOptions/language``. It has to
/// be known before parsing, because argument-parser reads every abstract, discussion and option
/// help while it parses. A `let`: fixed for the run and safe to read from any thread.
///
/// Writing help text: every abstract, discussion, option help and usage error is written once per
/// language, Chinese first, with `.zh(_:en:)`: the README's "Language, help and times" shows a
/// whole command, which `HelpWritingExampleTests` builds and runs.
///
/// Write each paragraph on one line: ``HelpText`` wraps it once, to the terminal's width. Lines
/// that start with spaces (examples, sample files) are printed as written. argument-parser's own
/// words ("USAGE:", "(default: …)", "Missing expected argument …") are translated by ``HelpText``.
enum CommandLanguage {
    /// This run's language.
    static let current = chosen(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)

    /// `--lang VALUE` or `--lang=VALUE` anywhere before `--` (the last one wins, as when parsed),
    /// else `LANG` (`en*` is English, anything else Chinese).
    static func chosen(arguments: [String], environment: [String: String]) -> DisplayLanguage {
        var given: DisplayLanguage?
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let argument = arguments[index]
            if argument == "--lang", index + 1 < arguments.count {
                given = LanguageArgument(argument: arguments[index + 1])?.language ?? given
                index += 1
            } else if argument.hasPrefix("--lang=") {
                given = LanguageArgument(argument: String(argument.dropFirst(7)))?.language ?? given
            }
            index += 1
        }
        return given ?? DisplayLanguage(locale: environment["LANG"])
    }
}

extension String {
    /// Text in this run's language (``CommandLanguage/current``): `.zh("列出场所。", en: "List venues.")`.
    static func zh(_ chinese: String, en english: String) -> String {
        CommandLanguage.current.pick(chinese, english)
    }
}

extension ArgumentHelp {
    /// An option's help in this run's language (``CommandLanguage/current``).
    static func zh(_ chinese: String, en english: String, valueName: String? = nil) -> ArgumentHelp {
        ArgumentHelp(CommandLanguage.current.pick(chinese, english), valueName: valueName)
    }

    /// The help of every `--format text|json`.
    static var dataFormat: ArgumentHelp {
        .zh("输出格式：text（文字）或 json。", en: "Output format: text or json.")
    }

    /// The help of every `--actor`.
    static var actor: ArgumentHelp {
        .zh("登记人（默认取 $SAFEGRID_ACTOR，否则为数据存储的 actor 设置）。", en: "Who records it (default $SAFEGRID_ACTOR, else the store's actor setting).")
    }
}
