import ArgumentParser
import Foundation
import SafeGridCore

/// argument-parser's help screens and usage errors, in this run's language and wrapped once to
/// the terminal's width.
///
/// argument-parser lays help out itself and has no way to translate its own words. So `main`
/// asks it for the text unwrapped (``unwrapped`` columns) and hands it here: the layout it always
/// has (`OVERVIEW:`, `USAGE:`, sections of two-space-indented labels with the help from column
/// 26) is read line by line, its fixed words are translated (``translatedAbstract(_:)``,
/// ``translatedError(_:)``), and each paragraph is wrapped once, by ``TextWrap`` (which counts a
/// Chinese character as two columns and may break between them). Lines that start with spaces in
/// an overview (examples, sample files) are printed as written.
///
/// A phrase not recognised is printed as the library wrote it; `HelpLanguageTests` and
/// `LibraryErrorWordingTests` (SafeGridCLITests) fail when argument-parser's wording changes,
/// so it never reaches a Chinese screen unnoticed.
enum HelpText {
    /// The width argument-parser is asked to render at: so wide that it wraps nothing.
    static let unwrapped = 1_000_000

    /// Where argument-parser starts an option's help.
    static let labelColumn = 26

    /// The columns to wrap to: `COLUMNS`, else the width of the terminal on standard output,
    /// else 80.
    static var width: Int {
        if let columns = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? ""), columns > 0 { return max(columns, 40) }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return max(Int(size.ws_col), 40) }
        return 80
    }

    /// Whether argument-parser's text for a clean exit is a help screen (not the version or a
    /// completion script, which are printed as they are).
    static func isHelp(_ text: String) -> Bool {
        text.hasPrefix("OVERVIEW: ") || text.hasPrefix("USAGE: ")
    }

    // MARK: - Help screens

    /// A help screen, translated and wrapped.
    static func help(_ text: String, _ l: DisplayLanguage, width: Int) -> String {
        var out: [String] = []
        var inOverview = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("OVERVIEW: ") {
                inOverview = true
                out += TextWrap.lines(l.pick("概述：", "OVERVIEW: ") + line.dropFirst(10), width: width, language: l)
            } else if line.hasPrefix("USAGE: ") {
                inOverview = false
                out += usage(String(line.dropFirst(7)), heading: l.pick("用法：", "USAGE: "), width: width)
            } else if inOverview {
                // A paragraph is wrapped; an indented line (an example) stays as written.
                out += line.first == " " || line.isEmpty ? [line] : TextWrap.lines(line, width: width, language: l)
            } else if let heading = sectionHeading(line, l) {
                out.append(heading)
            } else if let see = line.wholeMatch(of: #/  See '(.+)' for detailed help\./#) {
                let text = l.pick("各子命令的详细帮助：\(see.1)", String(line.dropFirst(2)))
                out += TextWrap.lines(text, width: width, start: 2, indent: 2, language: l).enumerated().map { $0.offset == 0 ? "  " + $0.element : $0.element }
            } else if line.hasPrefix(String(repeating: " ", count: labelColumn)) {
                // A help on its own line, below a long label.
                let abstract = translatedAbstract(String(line.dropFirst(labelColumn)), l)
                out += TextWrap.lines(abstract, width: width, start: labelColumn, indent: labelColumn, language: l)
                    .enumerated().map { $0.offset == 0 ? String(repeating: " ", count: labelColumn) + $0.element : $0.element }
            } else if line.hasPrefix("  "), line.count > labelColumn, Array(line)[labelColumn - 1] == " ", Array(line)[labelColumn] != " " {
                // A label, then its help from column 26.
                let label = String(line.prefix(labelColumn))
                let abstract = translatedAbstract(String(line.dropFirst(labelColumn)), l)
                let wrapped = TextWrap.lines(abstract, width: width, start: labelColumn, indent: labelColumn, language: l)
                out.append(label + wrapped[0])
                out += wrapped.dropFirst()
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// A section heading (`OPTIONS:`) in `l`, or `nil` for any other line.
    static func sectionHeading(_ line: String, _ l: DisplayLanguage) -> String? {
        switch line {
        case "ARGUMENTS:": l.pick("参数：", line)
        case "OPTIONS:": l.pick("选项：", line)
        case "SUBCOMMANDS:": l.pick("子命令：", line)
        default: nil
        }
    }

    /// The synopsis after `heading`, broken only between whole elements (`[--store <path>]`)
    /// and indented under its first word.
    static func usage(_ synopsis: String, heading: String, width: Int) -> [String] {
        var elements: [String] = []
        var depth = 0
        var current = ""
        for character in synopsis {
            if character == " " && depth == 0 {
                // A required option keeps its value: `--until <until>`.
                if current.hasPrefix("-") && !current.contains(" ") {
                    current.append(" ")
                } else {
                    if !current.isEmpty { elements.append(current) }
                    current = ""
                }
                continue
            }
            if "[<(".contains(character) { depth += 1 }
            if "]>)".contains(character) { depth = max(0, depth - 1) }
            current.append(character)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { elements.append(current.trimmingCharacters(in: .whitespaces)) }
        // Each element is one unbreakable piece: spaces inside are no-break spaces while wrapping.
        let protected = elements.map { $0.replacingOccurrences(of: " ", with: "\u{00A0}") }.joined(separator: " ")
        let indent = TextTable.width(of: heading)
        return TextWrap.lines(protected, width: width, start: indent, indent: indent, language: .english)
            .enumerated()
            .map { ($0.offset == 0 ? heading : "") + $0.element.replacingOccurrences(of: "\u{00A0}", with: " ") }
    }

    /// An option's help with argument-parser's own words in `l`: the help of `--help` and
    /// `--version`, and the `(values: …; default: …)` it adds.
    static func translatedAbstract(_ abstract: String, _ l: DisplayLanguage) -> String {
        guard l == .chinese else { return abstract }
        switch abstract {
        case "Show help information.": return "显示帮助信息。"
        case "Show the version.": return "显示版本号。"
        default: break
        }
        if let match = abstract.wholeMatch(of: #/(.*?) ?\((?:values: (.+?))?(?:; )?(?:default(?: as flag)?: (.+))?\)/#),
           match.2 != nil || match.3 != nil {
            var parts: [String] = []
            if let values = match.2 { parts.append("可选值：" + values.replacingOccurrences(of: ", ", with: "、")) }
            if let value = match.3 { parts.append("默认：" + value) }
            return match.1 + "（" + parts.joined(separator: "；") + "）"
        }
        return abstract
    }

    // MARK: - Usage errors

    /// A usage error (`Error: …`, `Help: …`, `Usage: …`, `See '…' for more information.`, or
    /// the whole help screen after the message), translated and wrapped.
    static func error(_ text: String, _ l: DisplayLanguage, width: Int) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        if let first = lines.first, first.hasPrefix("Error: ") {
            // The message: its first line, and the lines of a list it carries (`  - value`, `   or: …`).
            var message = [String(first.dropFirst(7))]
            lines.removeFirst()
            while let next = lines.first, next.hasPrefix("  - ") || next.hasPrefix("   or: ") {
                message.append(next)
                lines.removeFirst()
            }
            let joined = message.joined(separator: "\n")
            let translated = l == .chinese ? translatedError(joined) : joined
            for (index, line) in translated.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                out += index == 0 ? TextWrap.lines(l.pick("错误：", "Error: ") + line, width: width, language: l) : [String(line)]
            }
        }
        // A missing argument with no arguments at all: the whole help screen follows.
        if let start = lines.firstIndex(where: isHelp) {
            return (out + lines[..<start] + [help(lines[start...].joined(separator: "\n"), l, width: width)]).joined(separator: "\n")
        }
        for line in lines {
            if line.hasPrefix("Help:  ") {
                out += TextWrap.lines(l.pick("帮助：", "Help:  ") + translatedAbstract(String(line.dropFirst(7)), l), width: width, indent: 2, language: l)
            } else if line.hasPrefix("Usage: ") {
                out += usage(String(line.dropFirst(7)), heading: l.pick("用法：", "Usage: "), width: width)
            } else if let see = line.wholeMatch(of: #/  See '(.+)' for more information\./#) {
                out.append(l.pick("  详见 \(see.1)", line))
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// argument-parser's usage error messages in Chinese; any other message (a command's own
    /// `ValidationError`, already in this run's language) unchanged.
    static func translatedError(_ message: String) -> String {
        if let m = message.wholeMatch(of: #/Missing expected argument '(.+)'/#) { return "缺少参数 \(m.1)" }
        if let m = message.wholeMatch(of: #/Missing one of: (.+)/#) { return "缺少以下之一：\(m.1.replacingOccurrences(of: "', '", with: "'、'"))" }
        if let m = message.wholeMatch(of: #/Unknown option '(.+)'\. Did you mean '(.+)'\?/#) { return "未知选项 \(m.1)；是否想用 \(m.2)？" }
        if let m = message.wholeMatch(of: #/Unknown option '(.+)'/#) { return "未知选项 \(m.1)" }
        if let m = message.wholeMatch(of: #/Missing value for '(.+)'/#) { return "选项 \(m.1) 缺少值" }
        if let m = message.wholeMatch(of: #/The option '(.+)' does not take any value, but '(.*)' was specified\./#) {
            return "选项 \(m.1) 不带值，却给了 '\(m.2)'"
        }
        if let m = message.wholeMatch(of: #/Unexpected argument '(.*)'/#) { return "多余的参数 '\(m.1)'" }
        if let m = message.wholeMatch(of: #/(\d+) unexpected arguments: (.*)/#) { return "多余的参数 \(m.1) 个：\(m.2)" }
        if let m = message.wholeMatch(of: #/Invalid option: (.+)/#) { return "无效的选项 \(m.1)" }
        if message == "Missing required subcommand." { return "缺少子命令。" }
        if let m = message.wholeMatch(of: #/Value to be set with (.+) had already been set with (.+)/#) {
            return "\(m.1.replacingOccurrences(of: "flag ", with: "")) 与 \(m.2.replacingOccurrences(of: "flag ", with: "")) 设定的是同一个值，只能给一个"
        }
        if let m = message.wholeMatch(of: #/(?s)The value '(.*?)' is invalid(?: for '(.+?)')?(.*)/#) {
            let target = m.2.map { "不适用于 \($0)" } ?? "无效"
            return "值 '\(m.1)' \(target)" + invalidValueReason(String(m.3))
        }
        return message
    }

    /// What argument-parser adds after "The value 'x' is invalid for '--y'": the values allowed,
    /// or the reason the value's type gave.
    private static func invalidValueReason(_ tail: String) -> String {
        if tail == "." || tail.isEmpty { return "" }
        if let m = tail.wholeMatch(of: #/(?s)\. Please provide one of the following:\n(.*)/#) { return "；可选值：\n\(m.1)" }
        if let m = tail.wholeMatch(of: #/\. Please provide one of (.+)\./#) {
            return "；可选值：" + m.1.replacingOccurrences(of: "' and '", with: "'、'").replacingOccurrences(of: "' or '", with: "'、'")
                .replacingOccurrences(of: "', '", with: "'、'")
        }
        if tail.hasPrefix(": ") { return "：" + tail.dropFirst(2) }
        return tail
    }
}
