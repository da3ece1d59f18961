import Foundation
import SafeGridCore

/// Any JSON value, keeping numbers exact and true/false apart from 1/0.
enum JSONValue {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

/// Reads a JSON file people write by hand (a responses file) strictly, RFC 8259 and no more:
/// a key given twice in one object is refused with both places (a dictionary would keep one
/// of them without a word), and every error names the file, line and column (columns count
/// characters). Nothing is repaired: no comments, trailing commas or single quotes.
/// `InspectCommand.answers` reads responses files with `StrictJSON.parse(text, source:)`.
struct StrictJSON {
    /// Objects and arrays nest at most this deep: far beyond any responses file, well before
    /// the parser's recursion could exhaust the stack.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private let source: String
    private var index = 0
    private var line = 1
    /// Characters since the start of the line, so far.
    private var column = 1

    /// Parses `text`, which must be one JSON value (an optional byte order mark before it).
    /// - Throws: ``SafeGridError`` `invalid-input` with `file`, `line` and `column` in its context.
    static func parse(_ text: String, source: String) throws(SafeGridError) -> JSONValue {
        var parser = StrictJSON(bytes: Array(text.utf8), source: source)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else {
            throw parser.error("unexpected \(parser.shown.en) after the JSON value", "JSON 值之后多出 \(parser.shown.zh)")
        }
        return value
    }

    private init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    // MARK: - Values

    private mutating func value(depth: Int) throws(SafeGridError) -> JSONValue {
        guard index < bytes.count else { throw error("the file ends where a value was expected", "文件在应有值的位置结束") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value (an object, list, string, number, true, false or null), found \(shown.en)", "此处应为值（对象、列表、字符串、数字、true、false 或 null），却是 \(shown.zh)")
        }
    }

    private mutating func object(depth: Int) throws(SafeGridError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw tooDeep() }
        advance()  // {
        var fields: [String: JSONValue] = [:]
        var firstSeen: [String: (line: Int, column: Int)] = [:]
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            advance()
            return .object(fields)
        }
        while true {
            guard peek(UInt8(ascii: "\"")) else {
                throw error("expected a key in double quotes, found \(shown.en)", "此处应为带双引号的键，却是 \(shown.zh)")
            }
            let place = (line, column)
            let key = try string()
            if let first = firstSeen[key] {
                throw error(
                    "the key \"\(key)\" appears twice in one object (first at line \(first.line), column \(first.column))",
                    "同一对象中键 \"\(key)\" 出现两次（第一次在第 \(first.line) 行第 \(first.column) 列）",
                    at: place, extra: ["key": key, "firstLine": String(first.line), "firstColumn": String(first.column)])
            }
            firstSeen[key] = place
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the key \"\(key)\", found \(shown.en)", "键 \"\(key)\" 之后应为 ':'，却是 \(shown.zh)") }
            advance()
            skipWhitespace()
            fields[key] = try value(depth: depth)
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                advance()
                skipWhitespace()
                continue
            }
            guard peek(UInt8(ascii: "}")) else { throw error("expected ',' or '}' after a value, found \(shown.en)", "值之后应为 ',' 或 '}'，却是 \(shown.zh)") }
            advance()
            return .object(fields)
        }
    }

    private mutating func array(depth: Int) throws(SafeGridError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw tooDeep() }
        advance()  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            advance()
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                advance()
                skipWhitespace()
                continue
            }
            guard peek(UInt8(ascii: "]")) else { throw error("expected ',' or ']' after a value, found \(shown.en)", "值之后应为 ',' 或 ']'，却是 \(shown.zh)") }
            advance()
            return .array(elements)
        }
    }

    private mutating func literal(_ word: String) throws(SafeGridError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("expected a value, found \(shown.en) (true, false and null are lowercase; text needs double quotes)",
                        "此处应为值，却是 \(shown.zh)（true、false、null 须小写；文字须加双引号）")
        }
        for _ in expected { advance() }
    }

    private mutating func number() throws(SafeGridError) -> Decimal {
        let start = index, place = (line, column)
        func digits() -> Int {
            var count = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                advance()
                count += 1
            }
            return count
        }
        func malformed() -> SafeGridError { error("a malformed number", "数字格式不正确", at: place) }
        if peek(UInt8(ascii: "-")) { advance() }
        if peek(UInt8(ascii: "0")) {
            advance()
            if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                throw error("a number may not start with 0 (write 7, not 07)", "数字不能以 0 开头（应写 7 而非 07）", at: place)
            }
        } else if digits() == 0 {
            throw malformed()
        }
        if peek(UInt8(ascii: ".")) {
            advance()
            guard digits() > 0 else { throw malformed() }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            advance()
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { advance() }
            guard digits() > 0 else { throw malformed() }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value.isFinite else {
            throw error("the number \(text) is out of range", "数字 \(text) 超出范围", at: place)
        }
        return value
    }

    private mutating func string() throws(SafeGridError) -> String {
        let place = (line, column)
        advance()  // "
        var scalars = String.UnicodeScalarView()
        var run = index  // start of the bytes not yet copied
        func flush(upTo end: Int) {
            scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard index < bytes.count else {
                throw error("the text that starts here is not closed with a double quote", "从此处开始的文字缺少结束的双引号", at: place)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(upTo: index)
                advance()
                return String(scalars)
            }
            if byte < 0x20 {
                throw error("a control character (such as a line break) inside text; write it as \\n or \\t", "文字中含有控制字符（如换行），应写作 \\n 或 \\t")
            }
            guard byte == UInt8(ascii: "\\") else {
                advance()
                continue
            }
            flush(upTo: index)
            let escape = (line, column)
            advance()
            guard index < bytes.count else { continue }
            let simple: [UInt8: Unicode.Scalar] = [
                UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/", UInt8(ascii: "b"): "\u{08}",
                UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "n"): "\n", UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
            ]
            if let scalar = simple[bytes[index]] {
                scalars.append(scalar)
                advance()
            } else if bytes[index] == UInt8(ascii: "u") {
                advance()
                var code = try hex4(escape)
                if (0xD800..<0xDC00).contains(code) {
                    // A surrogate pair: \uD83D\uDE00 is one character.
                    guard peek(UInt8(ascii: "\\")), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("\\u\(String(code, radix: 16)) is half of a character (a lone surrogate)", "\\u\(String(code, radix: 16)) 只是半个字符（孤立的代理项）", at: escape)
                    }
                    advance()
                    advance()
                    let low = try hex4(escape)
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw error("\\u\(String(code, radix: 16)) is half of a character (a lone surrogate)", "\\u\(String(code, radix: 16)) 只是半个字符（孤立的代理项）", at: escape)
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else {
                    throw error("\\u\(String(code, radix: 16)) is half of a character (a lone surrogate)", "\\u\(String(code, radix: 16)) 只是半个字符（孤立的代理项）", at: escape)
                }
                scalars.append(scalar)
            } else {
                throw error("\\\(shown.en.dropFirst().dropLast()) is not an escape JSON knows (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", "\\\(shown.zh.dropFirst().dropLast()) 不是 JSON 的转义（\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX）", at: escape)
            }
            run = index
        }
    }

    private mutating func hex4(_ escape: (Int, Int)) throws(SafeGridError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else {
                throw error("\\u needs four hex digits", "\\u 之后应为四位十六进制数字", at: escape)
            }
            code = code << 4 | UInt32(digit)
            advance()
        }
        return code
    }

    // MARK: - Position

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    /// Moves past one byte, counting lines and characters (a UTF-8 continuation byte is not one).
    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { advance() }
    }

    /// The character at the current position, for messages in English and Chinese.
    private var shown: (en: String, zh: String) {
        guard index < bytes.count else { return ("the end of the file", "文件结尾") }
        let rest = String(decoding: bytes[index..<min(bytes.count, index + 4)], as: UTF8.self)
        let character = rest.first.map { "'\($0)'" } ?? "?"
        return (character, character)
    }

    private func tooDeep() -> SafeGridError {
        error("objects and lists nest more than \(Self.maximumDepth) deep", "对象和列表嵌套超过 \(Self.maximumDepth) 层")
    }

    private func error(_ english: String, _ chinese: String, at place: (Int, Int)? = nil, extra: [String: String] = [:]) -> SafeGridError {
        let (line, column) = place ?? (self.line, self.column)
        var context = ["file": source, "line": String(line), "column": String(column)]
        context.merge(extra) { _, new in new }
        return SafeGridError.invalidInput(
            "\(source):\(line):\(column): \(english)", chinese: "\(source):\(line):\(column)：\(chinese)", context: context)
    }
}
