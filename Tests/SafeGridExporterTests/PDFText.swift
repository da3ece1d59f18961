import BrowserTesting
import Foundation

/// The text of a PDF, page by page, as poppler's `pdftotext` reads it (Debian `poppler-utils`,
/// which `scripts/bootstrap` installs). `-raw` keeps the order the text was drawn in, which for
/// Chromium is the page's document order, so a block's text reads as its `innerText` does.
enum PDFText {
    static let executable = ProcessInfo.processInfo.environment["SAFEGRID_PDFTOTEXT"] ?? "/usr/bin/pdftotext"

    /// Each page's lines, in order.
    static func pages(of pdf: Data) throws -> [[String]] {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ChromiumError(description: "pdftotext is not installed at \(executable): install Debian's `poppler-utils` (scripts/bootstrap does)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-pdftext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.pdf")
        let output = folder.appendingPathComponent("out.txt")
        try pdf.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-raw", "-enc", "UTF-8", input.path, output.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ChromiumError(description: "pdftotext exited with \(process.terminationStatus)") }
        let text = try String(contentsOf: output, encoding: .utf8)
        // Pages end with a form feed; the last one is followed by nothing.
        var pages = text.components(separatedBy: "\u{0C}").map { $0.components(separatedBy: "\n") }
        if let last = pages.last, last.allSatisfy({ $0.isEmpty }) { pages.removeLast() }
        return pages
    }

    /// Text compared without its layout: compatibility forms folded (a PDF's "ﬁ" ligature is
    /// "fi"), every space, tab and line break dropped.
    static func squeezed(_ text: String) -> String {
        String(text.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
}
