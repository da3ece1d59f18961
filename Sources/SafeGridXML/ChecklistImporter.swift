public import Foundation
public import SafeGridCore

/// What checking a checklist tells without building it.
public struct ChecklistSummary: Sendable, Hashable, Codable {
    /// The checklist's id.
    public var id: String
    /// Its version.
    public var version: String
    /// Its category.
    public var category: String
    /// How many items it has.
    public var itemCount: Int
}

/// Reads checklist XML into `Checklist` values, safely.
///
/// Every file is validated against the checklist XML Schema (compiled once, when the
/// importer is made) while it is parsed, then checked against the rules the schema cannot
/// express. A hostile file cannot read a local file, reach the network or exhaust memory:
/// DOCTYPEs are refused before their content is read, entities are never expanded, and
/// size and nesting are bounded by ``Limits``.
///
/// ```swift
/// let importer = try ChecklistImporter()
/// do {
///     let checklist = try importer.importChecklist(contentsOf: URL(fileURLWithPath: "stage.xml"))
///     print(checklist.id, checklist.items.count, checklist.contentHash.short)
/// } catch {
///     for diagnostic in error.diagnostics { print(diagnostic) } // stage.xml:12:5: error: ...
/// }
/// ```
public struct ChecklistImporter: Sendable {
    /// Bounds that no real checklist reaches and that keep hostile files cheap to refuse.
    public struct Limits: Sendable, Hashable {
        /// The largest file accepted, in bytes. Default 16 MiB (a large real checklist is ~100 KB).
        public var maxBytes: Int
        /// The deepest element nesting accepted. Default 64 (the format needs 6).
        public var maxDepth: Int
        /// How many problems are collected before reading stops. Default 100.
        public var maxDiagnostics: Int
        /// Documents at least this large (bytes) are validated and decoded on two threads at
        /// once, with the same result as one; `Int.max` keeps every import on the calling thread.
        /// Default 256 KiB.
        public var parallelFrom: Int

        /// Creates limits.
        public init(
            maxBytes: Int = 16 * 1024 * 1024, maxDepth: Int = 64, maxDiagnostics: Int = 100, parallelFrom: Int = 256 * 1024
        ) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxDiagnostics = maxDiagnostics
            self.parallelFrom = parallelFrom
        }
    }

    /// The bounds this importer enforces.
    public let limits: Limits
    private let schema: CompiledSchema

    /// Creates an importer and compiles the checklist schema.
    /// - Parameter limits: size, depth and error-count bounds.
    /// - Throws: only if the schema built into SafeGrid does not compile, which is a defect of
    ///   the build, never of the user's input.
    public init(limits: Limits = Limits()) throws {
        self.limits = limits
        self.schema = try CompiledSchema()
    }

    /// Imports one checklist file.
    /// - Parameter url: a file URL.
    /// - Returns: the checklist.
    /// - Throws: ``ChecklistImportError`` with every problem found, each with file, line and column.
    public func importChecklist(contentsOf url: URL) throws(ChecklistImportError) -> Checklist {
        try validate(contentsOf: url).get()
    }

    /// Imports a checklist held in memory.
    /// - Parameters:
    ///   - bytes: the document, UTF-8.
    ///   - source: the name diagnostics give for the document (a path or `builtin:fire-exits.xml`).
    /// - Throws: ``ChecklistImportError`` with every problem found.
    public func importChecklist(_ bytes: some Collection<UInt8>, source: String) throws(ChecklistImportError) -> Checklist {
        try validate(bytes, source: source).get()
    }

    /// Validates one checklist file, returning the checklist or every problem found.
    /// - Parameter url: a file URL; its path as given is the `file` of each diagnostic.
    public func validate(contentsOf url: URL) -> Result<Checklist, ChecklistImportError> {
        read(url).flatMap { validate($0, source: url.path) }
    }

    /// Checks one checklist file exactly as ``validate(contentsOf:)`` does, without keeping
    /// its texts: cheaper when only the verdict matters (`safegrid checklist validate`).
    /// - Returns: the checklist's id, version and item count, or every problem found.
    public func check(contentsOf url: URL) -> Result<ChecklistSummary, ChecklistImportError> {
        read(url).flatMap { bytes in
            withDocument(bytes, source: url.path) { buffer in
                ParseSession(source: url.path, bytes: buffer, limits: limits, schema: schema, keepsText: false).checkDocument()
            }
        }
    }

    private func read(_ url: URL) -> Result<[UInt8], ChecklistImportError> {
        let source = url.path
        switch BoundedFileReader.read(url, limit: limits.maxBytes) {
        case .success(let bytes): return .success(bytes)
        case .failure(let problem):
            let diagnostic: ChecklistDiagnostic = switch problem {
            case .tooLarge(let size):
                ChecklistDiagnostic(
                    code: .tooLarge, file: source, line: 1, column: 1,
                    message: LocalizedText([
                        "en": "the file is \(size.map { "\($0) bytes" } ?? "too large"), over the \(limits.maxBytes)-byte limit for a checklist",
                        "zh-CN": "文件\(size.map { "大小为 \($0) 字节" } ?? "过大")，超过检查表 \(limits.maxBytes) 字节的上限",
                    ]))
            case .unreadable(let reason):
                ChecklistDiagnostic(
                    code: .unreadable, file: source, line: 1, column: 1,
                    message: LocalizedText(["en": "cannot read the file: \(reason)", "zh-CN": "无法读取文件：\(reason)"]))
            }
            return .failure(ChecklistImportError(diagnostics: [diagnostic]))
        }
    }

    /// Validates a checklist held in memory, returning the checklist or every problem found.
    public func validate(_ bytes: some Collection<UInt8>, source: String) -> Result<Checklist, ChecklistImportError> {
        withDocument(Array(bytes), source: source) { buffer in
            ParseSession(source: source, bytes: buffer, limits: limits, schema: schema).run()
        }
    }

    /// Refuses what is too large or not UTF-8, then runs `body` over the document's bytes.
    private func withDocument<T>(
        _ document: [UInt8], source: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result<T, ChecklistImportError>
    ) -> Result<T, ChecklistImportError> {
        func refuse(_ code: ChecklistDiagnostic.Code, _ english: String, _ chinese: String) -> Result<T, ChecklistImportError> {
            .failure(ChecklistImportError(diagnostics: [ChecklistDiagnostic(
                code: code, file: source, line: 1, column: 1, message: LocalizedText(["en": english, "zh-CN": chinese]))]))
        }
        if document.count > limits.maxBytes {
            return refuse(
                .tooLarge, "the document is \(document.count) bytes, over the \(limits.maxBytes)-byte limit for a checklist",
                "文档大小为 \(document.count) 字节，超过检查表 \(limits.maxBytes) 字节的上限")
        }
        // UTF-16 and UTF-32, with or without a byte order mark, start with one of these.
        if document.starts(with: [0xFE, 0xFF]) || document.starts(with: [0xFF, 0xFE]) || document.first == 0 || document.dropFirst().first == 0 {
            return refuse(
                .unsupportedEncoding, "the file is UTF-16 or UTF-32; checklists must be UTF-8",
                "文件为 UTF-16 或 UTF-32 编码；检查表必须使用 UTF-8")
        }
        return document.withUnsafeBufferPointer(body)
    }
}
