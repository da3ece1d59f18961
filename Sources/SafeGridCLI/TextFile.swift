import Foundation
import SafeGridCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text files a user hands in (CSV, calendar, answers): UTF-8, or said clearly why not.
/// Excel saves a Chinese CSV in GB18030 (GBK) unless told "CSV UTF-8"; such a spreadsheet is
/// read as GB18030 with a notice, and any other file in it is refused naming the encoding.
enum TextFile {
    /// Reads the whole file.
    /// - Parameters:
    ///   - path: the file.
    ///   - language: the language of the notice.
    ///   - spreadsheet: whether a GB18030 file is read (with a notice) rather than refused.
    /// - Throws: `SafeGridError` `invalid-input` naming the file: unreadable, or not UTF-8.
    static func read(_ path: String, language: DisplayLanguage = .chinese, spreadsheet: Bool = false) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SafeGridError.invalidInput("cannot read \(path)", chinese: "无法读取文件 \(path)", context: ["file": path])
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        guard let text = gb18030(data) else {
            throw SafeGridError.invalidInput("\(path) is not UTF-8 text", chinese: "\(path) 不是 UTF-8 文本", context: ["file": path])
        }
        guard spreadsheet else {
            throw SafeGridError.invalidInput(
                "\(path) is not UTF-8 text: it reads as GB18030 (GBK), as Excel saves Chinese text. Save it as UTF-8 and try again",
                chinese: "\(path) 不是 UTF-8 文本：它是 GB18030（GBK）编码，Excel 保存中文时常用。请另存为 UTF-8 后重试", context: ["file": path])
        }
        Output.error(language.pick(
            "注意：\(path) 不是 UTF-8，已按 GB18030（GBK，Excel 保存中文 CSV 的编码）读取。请核对导入的名称；另存为“CSV UTF-8”可免去此提示。",
            "note: \(path) is not UTF-8; it was read as GB18030 (GBK, as Excel saves a Chinese CSV). Check the imported names; saving it as \"CSV UTF-8\" avoids this note."))
        return text
    }

    /// The bytes as GB18030 (a superset of GBK and GB2312), if they are valid GB18030 with
    /// Chinese text in it; `nil` otherwise.
    static func gb18030(_ data: Data) -> String? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = [CChar](data.map { CChar(bitPattern: $0) })
        // Two bytes of GB18030 become three of UTF-8, four stay four.
        var output = [CChar](repeating: 0, count: data.count * 2 + 4)
        var inputLeft = input.count, outputLeft = output.count
        let converted = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                var inputPointer = inputBuffer.baseAddress, outputPointer = outputBuffer.baseAddress
                return iconv(converter, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
            }
        }
        guard converted != -1, inputLeft == 0 else { return nil }
        let text = String(decoding: output.prefix(output.count - outputLeft).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? text : nil
    }
}
