import Foundation
import SafeGridCore

/// A line of file paths read as a shell reads words, so a name with spaces can be given the way
/// inspectors already type it: `exit\ blocked.jpg`, `'exit blocked.jpg'` or `"exit blocked.jpg"`.
/// Unquoted, a backslash takes the next character as it is; in single quotes everything is
/// literal; in double quotes a backslash escapes only `"` and `\`. A leading unquoted `~/` is
/// the home folder. Nothing else (no `$`, globs or `;`) means anything: these are file names.
enum ShellWords {
    /// A line that ends inside a quote or on a lone backslash.
    struct Unfinished: Error, Equatable {
        /// The quote left open (`'` or `"`), or `\`.
        var mark: Character

        /// Says what to fix, in the walk's language.
        func message(_ l: DisplayLanguage) -> String {
            mark == "\\"
                ? l.pick(
                    "行末的 \\ 后面缺少字符：文件名中的空格写作 \\ 加空格。",
                    "The line ends with a lone \\: write a space in a name as \\ and a space.")
                : l.pick(
                    "引号 \(mark) 没有闭合：把含空格的文件名整个括在引号里。",
                    "The quote \(mark) is not closed: put the whole name with spaces inside quotes.")
        }
    }

    /// The word being typed at the end of a line, for completion.
    struct LastWord: Equatable {
        /// The line before the word, untouched.
        var head: String
        /// The word so far, quotes and escapes removed.
        var text: String
        /// The quote it is open in, if any.
        var quote: Character?
    }

    /// The words of `line`.
    /// - Throws: ``Unfinished`` for an open quote or a trailing lone backslash.
    static func split(_ line: String) throws(Unfinished) -> [String] {
        let scan = scan(line)
        if let mark = scan.unfinished { throw Unfinished(mark: mark) }
        return scan.words.map { $0.tilde ? NSHomeDirectory() + $0.text.dropFirst() : $0.text }
    }

    /// The last word of `line` (empty when the line ends between words), where it starts, and
    /// the quote it is open in.
    static func lastWord(_ line: String) -> LastWord {
        let scan = scan(line)
        guard let last = scan.words.last, last.end == line.endIndex else {
            return LastWord(head: line, text: "", quote: nil)
        }
        return LastWord(head: String(line[..<last.start]), text: last.text, quote: scan.unfinished == "\\" ? nil : scan.unfinished)
    }

    /// `name` written so that ``split(_:)`` reads it back as one word: a backslash before each
    /// space, tab, quote and backslash.
    static func escape(_ name: String) -> String {
        var escaped = ""
        for character in name {
            if " \t'\"\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    private struct Word {
        var start: String.Index
        var end: String.Index
        var text = ""
        /// Starts with an unquoted `~/`: the home folder.
        var tilde = false
    }

    /// One pass over the line: its words, and what is left open at its end.
    private static func scan(_ line: String) -> (words: [Word], unfinished: Character?) {
        var words: [Word] = []
        var word: Word?
        var quote: Character?
        var escaping = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            let next = line.index(after: index)
            defer { index = next }
            if escaping {
                escaping = false
                word?.text.append(character)
                word?.end = next
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if open == "\"" && character == "\\" && next < line.endIndex && "\"\\".contains(line[next]) {
                    escaping = true
                } else {
                    word?.text.append(character)
                }
                word?.end = next
                continue
            }
            if character == " " || character == "\t" {
                if let done = word { words.append(done) }
                word = nil
                continue
            }
            if word == nil {
                word = Word(start: index, end: next, tilde: line[index...].hasPrefix("~/"))
            }
            switch character {
            case "\\": escaping = true
            case "'", "\"": quote = character
            default: word?.text.append(character)
            }
            word?.end = next
        }
        if let done = word { words.append(done) }
        return (words, quote ?? (escaping ? "\\" : nil))
    }
}
