import Foundation
import SafeGridCore
import SafeGridXML
import Testing

// Shared by the SafeGridXML tests: where the corpus is, one importer, the files generated at
// test time, a scratch directory for them, and how to describe a diagnostic.

/// Paths of the test corpus and of the repository files the tests read, found from this
/// source file (`#filePath`), never from a bundle.
enum Corpus {
    /// `Tests/SafeGridXMLTests/Corpus`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
    static let bad = directory.appendingPathComponent("bad")
    static let good = directory.appendingPathComponent("good")
    /// The package root.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `checklists/`, the built-in checklists.
    static let checklists = packageRoot.appendingPathComponent("checklists")
    /// `checklists/schema/checklist.xsd`.
    static let schema = checklists.appendingPathComponent("schema").appendingPathComponent("checklist.xsd")

    /// The `.xml` file names in a directory, sorted. Empty if the directory cannot be read
    /// (the tests that use it then fail on a missing file, with its name).
    static func xmlFiles(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".xml") }.sorted()
    }

    /// One importer with default limits for the whole test run: the schema is compiled once,
    /// and the parallel tests share it, as the importer allows.
    private static let sharedImporter = Result { try ChecklistImporter() }
    static func importer() throws -> ChecklistImporter { try sharedImporter.get() }
}

/// The diagnostics of a refused import, or a test failure if it was accepted.
func diagnostics(
    of result: Result<Checklist, ChecklistImportError>, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> [ChecklistDiagnostic] {
    switch result {
    case .success(let checklist):
        Issue.record("\(what) was accepted (checklist '\(checklist.id)'), but it must be refused", sourceLocation: sourceLocation)
        throw AcceptedError()
    case .failure(let error):
        return error.diagnostics
    }
}

struct AcceptedError: Error {}

/// Everything a reader could see of some diagnostics: every field, the messages in every
/// language, and the formatted lines. Used to prove that nothing leaked into them.
func everythingShown(_ diagnostics: [ChecklistDiagnostic]) -> String {
    diagnostics.map { diagnostic in
        ([diagnostic.formatted(.english), diagnostic.formatted(.chinese), diagnostic.file, diagnostic.code.rawValue]
            + diagnostic.message.variants.values.sorted()).joined(separator: "\n")
    }.joined(separator: "\n")
}

// MARK: - Expected diagnostics

/// A diagnostic a corpus file must produce: its code, its line and, where SafeGrid computes
/// it from the tag or attribute at fault, its column. Positions libxml2 computes itself
/// (well-formedness errors) are given by line only: their column differs between libxml2
/// versions (Debian's 2.9 and Homebrew's 2.13 count the end of a token differently).
struct Expected: Sendable, Hashable, CustomStringConvertible {
    var code: ChecklistDiagnostic.Code
    var line: Int
    var column: Int?

    var description: String { "\(code) at \(line):\(column.map(String.init) ?? "*")" }
}

/// `code` at `line` (and `column`, if given).
func at(_ code: ChecklistDiagnostic.Code, _ line: Int, _ column: Int? = nil) -> Expected {
    Expected(code: code, line: line, column: column)
}

/// Checks that `actual` is exactly `expected`, in order: same codes, lines, and the columns
/// the expectations give. Every diagnostic must name `file`.
func expectDiagnostics(
    _ actual: [ChecklistDiagnostic], equal expected: [Expected], file: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let found = actual.enumerated().map { index, diagnostic in
        let expectsColumn = index < expected.count && expected[index].column != nil
        return Expected(code: diagnostic.code, line: diagnostic.line, column: expectsColumn ? diagnostic.column : nil)
    }
    #expect(found == expected, "\(file): \(actual.map(\.description).joined(separator: " | "))", sourceLocation: sourceLocation)
    for diagnostic in actual {
        #expect(diagnostic.file == file, "diagnostic names \(diagnostic.file), not \(file)", sourceLocation: sourceLocation)
        #expect(
            !diagnostic.message.resolved(for: .english).isEmpty, "empty message for \(diagnostic.code)",
            sourceLocation: sourceLocation)
    }
}

// MARK: - Generated files

/// A directory under the system's temporary directory, unique to one test, for files too
/// large to commit. Removed by ``withScratchDirectory(_:)`` when the test is done.
struct ScratchDirectory {
    let url: URL

    fileprivate init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` in the directory and returns its URL.
    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }
}

/// Runs `body` with a fresh scratch directory and removes the directory afterwards, even
/// when `body` throws.
func withScratchDirectory<T>(_ body: (ScratchDirectory) throws -> T) throws -> T {
    let scratch = try ScratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch.url) }
    return try body(scratch)
}

/// The document most bad files are variations of (the committed ones are written out in
/// `Corpus/bad`; these lines build the generated ones the same way). 13 lines:
///
///     1  <?xml ...?>          5  <section id="main">      10 <basis>
///     2  <checklist ...>      6    <title en>             11 </item>
///     3    <title zh-CN>      7    <item id="B-01" ...>   12 </section>
///     4    <title en>         8-9    <prompt zh-CN/en>    13 </checklist>
let baseDocument: [String] = [
    #"<?xml version="1.0" encoding="UTF-8"?>"#,
    #"<checklist xmlns="urn:safegrid:checklist:1" id="bad-sample" version="1.0.0" category="fire">"#,
    #"  <title xml:lang="zh-CN">坏文件样本</title>"#,
    #"  <title xml:lang="en">Bad file sample</title>"#,
    #"  <section id="main">"#,
    #"    <title xml:lang="en">Main</title>"#,
    #"    <item id="B-01" severity="major" deadline="7d">"#,
    #"      <prompt xml:lang="zh-CN">出口畅通</prompt>"#,
    #"      <prompt xml:lang="en">Exit is clear</prompt>"#,
    #"      <basis>practice</basis>"#,
    #"    </item>"#,
    #"  </section>"#,
    #"</checklist>"#,
]

/// Joins lines into a document with a final newline.
func document(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

/// The bad files too large (or too slow to diff) to commit: built at test time, written to a
/// scratch directory, removed after. Their expected diagnostics (default limits) are here.
enum GeneratedBadFile: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// An internal entity of 100 KB referenced 50,000 times in a title: 5 GB if expanded.
    case quadraticBlowup = "quadratic-blowup.xml"
    /// 100,000 nested elements, one start tag a line.
    case deepNesting = "nesting-100000-deep.xml"
    /// A 20 MB attribute value, on line 3: over the size limit, and over libxml2's own
    /// 10,000,000-byte attribute limit when the size limit is raised.
    case hugeAttribute = "attribute-20mb.xml"
    /// A valid checklist padded to 30 MB with 30,000 comments of 1 KB (xmllint accepts it).
    case hugeFile = "file-30mb.xml"
    /// 150 items with a bad severity: the importer stops after 100 problems.
    case manyErrors = "many-errors.xml"

    var testDescription: String { "generated/\(rawValue)" }

    var bytes: [UInt8] {
        switch self {
        case .quadraticBlowup:
            var lines = baseDocument
            lines.insert(#"<!DOCTYPE checklist [<!ENTITY a ""# + String(repeating: "a", count: 100_000) + #"">]>"#, at: 1)
            lines[3] = #"  <title xml:lang="zh-CN">"# + String(repeating: "&a;", count: 50_000) + "</title>"
            return document(lines)
        case .deepNesting:
            // String(repeating:) runs in the optimized standard library; joining arrays in a
            // debug build would take seconds.
            return Array(
                (baseDocument[0] + "\n" + baseDocument[1] + "\n" + String(repeating: "<section>\n", count: 100_000)
                    + String(repeating: "</section>\n", count: 100_000) + "</checklist>\n").utf8)
        case .hugeAttribute:
            var bytes = Array((baseDocument[0...1].joined(separator: "\n") + "\n" + #"  <title xml:lang="zh-CN" note=""#).utf8)
            bytes += [UInt8](repeating: UInt8(ascii: "A"), count: 20_000_000)
            return bytes + Array(("\">坏文件样本</title>\n" + baseDocument[3...].joined(separator: "\n") + "\n").utf8)
        case .hugeFile:
            let comment = "<!--" + String(repeating: "c", count: 992) + "-->\n"  // 1,000 bytes
            return Array(
                (baseDocument[0...11].joined(separator: "\n") + "\n" + String(repeating: comment, count: 30_000)
                    + baseDocument[12] + "\n").utf8)
        case .manyErrors:
            var lines = Array(baseDocument[0...5])
            for index in 1...150 {
                let id = String(format: "M-%03d", index)
                lines += [
                    #"    <item id="\#(id)" severity="huge" deadline="7d">"#,
                    #"      <prompt xml:lang="en">Item \#(index)</prompt>"#,
                    "    </item>",
                ]
            }
            return document(lines + ["  </section>", "</checklist>"])
        }
    }

    /// The diagnostics with default limits, in order.
    var expected: [Expected] {
        switch self {
        case .quadraticBlowup: [at(.doctypeForbidden, 2, 1)]
        // The second element is a <section> where a <title> belongs (the validator then skips
        // its content); the 65th element, on line 66, is one too deep.
        case .deepNesting: [at(.unexpectedElement, 3, 1), at(.tooDeep, 66, 1)]
        case .hugeAttribute: [at(.tooLarge, 1, 1)]
        case .hugeFile: [at(.tooLarge, 1, 1)]
        // 100 problems (item k on line 7 + 3(k-1), its severity at column 22), then the stop.
        case .manyErrors: (0..<100).map { at(.invalidSeverity, 7 + 3 * $0, 22) } + [at(.tooManyErrors, 304, 22)]
        }
    }
}

// MARK: - xmllint

/// The real `xmllint`, run as a separate process.
enum Xmllint {
    static let path = "/usr/bin/xmllint"

    /// Runs xmllint with `arguments`; its exit status and its output (stdout and stderr, the
    /// first 64 KB). Fails the test, saying what to install, if xmllint is missing.
    static func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (
        status: Int32, output: String
    ) {
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "\(path) is missing: install it (Debian: apt-get install libxml2-utils) to compare SafeGrid with xmllint",
            sourceLocation: sourceLocation)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data.prefix(64 * 1024), as: UTF8.self))
    }

    /// What xmllint shows when told to do everything SafeGrid refuses to: expand entities,
    /// load external DTDs, process XInclude. Used to prove an attack file is a real attack.
    static func naiveOutput(_ file: URL) throws -> String {
        try run(["--noent", "--loaddtd", "--xinclude", "--nonet", file.path]).output
    }
}
