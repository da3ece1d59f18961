
/// What an exporter can render.
public enum ExportDocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A rectification-rate report (``ReportDocument``).
    case report
    /// A rectification notice for one venue (``RectificationNotice``).
    case notice
    /// Reminders per responsible person, with escalation (``ReminderList``).
    case reminders
    /// A re-inspection record (复查意见书) following up a notice (``ReinspectionRecord``).
    case reinspection
    /// The hazard ledger (隐患台账, ``HazardLedger``).
    case ledger
    /// A venue's safety file (平安档案, ``VenueFile``).
    case venue
    /// An inspection plan for a night (``InspectionPlan``).
    case plan
}

/// Turns a report, or a rectification notice, into a file people read: the plug-in seam for
/// output formats.
///
/// An exporter renders; it never counts. Everything it shows comes from the document it is
/// given, so every format agrees with every other. It writes to an ``ExportOutput`` as it
/// goes, so memory does not grow with the overdue list.
///
/// Implement ``export(_:options:to:)-(ReportDocument,_,_)`` for reports,
/// ``export(_:options:to:)-(RectificationNotice,_,_)`` for notices,
/// ``export(_:options:to:)-(ReinspectionRecord,_,_)`` for re-inspection records,
/// ``export(_:options:to:)-(ReminderList,_,_)`` for reminders,
/// ``export(_:options:to:)-(HazardLedger,_,_)`` for the hazard ledger,
/// ``export(_:options:to:)-(VenueFile,_,_)`` for venue safety files and/or
/// ``export(_:options:to:)-(InspectionPlan,_,_)`` for inspection plans, list what you render in
/// ``kinds``, and register the exporter in an ``ExporterRegistry``. See the article
/// "Implementing an exporter"; `SafeGridTesting.ExporterCompatibilitySuite` checks the rules.
public protocol ReportExporter: Sendable {
    /// The name users pick it by (`--format NAME`): lower-case letters, digits and `-`.
    var name: String { get }
    /// The media type of what it writes (`text/csv; charset=utf-8`).
    var mediaType: String { get }
    /// The file extension, without the dot (`csv`).
    var fileExtension: String { get }
    /// One line for `safegrid exporters list`.
    var summary: LocalizedText { get }
    /// What it renders (default: reports).
    var kinds: Set<ExportDocumentKind> { get }
    /// The tables it can write one at a time (`ExportOptions.table`), first the default one;
    /// empty for exporters that write one document (default).
    var tables: [String] { get }

    /// The media type of what ``export(_:options:to:)-(ReportDocument,_,_)`` writes with these
    /// options (default: ``mediaType``, once ``table(for:)`` accepts the table). An exporter
    /// whose output depends on its options says so here: CSV writes one ZIP of every table for
    /// `table: "all"`. A program asks before it computes anything, to refuse options the
    /// exporter cannot write, and binary output to a terminal.
    /// - Parameter options: the options the report will be rendered with.
    /// - Returns: a media type (`application/zip`).
    /// - Throws: `invalid-input` for options it cannot write (an unknown table).
    func mediaType(for options: ExportOptions) throws -> String
    /// The file extension of what it writes with these options, without the dot (default:
    /// ``fileExtension``, once ``table(for:)`` accepts the table; `zip` for CSV's every-table
    /// archive).
    /// - Parameter options: the options the report will be rendered with.
    /// - Returns: an extension (`zip`).
    /// - Throws: `invalid-input` for options it cannot write (an unknown table).
    func fileExtension(for options: ExportOptions) throws -> String

    /// Renders a report.
    func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws
    /// Renders a rectification notice.
    func export(_ notice: RectificationNotice, options: ExportOptions, to output: ExportOutput) throws
    /// Renders reminders (``ExportDocumentKind/reminders``); by default it throws
    /// `unsupported-document`, so an exporter opts in by implementing it and listing the kind.
    func export(_ reminders: ReminderList, options: ExportOptions, to output: ExportOutput) throws
    /// Renders a re-inspection record (default: throws `unsupportedDocument`; an exporter
    /// that lists ``ExportDocumentKind/reinspection`` in ``kinds`` implements it).
    func export(_ record: ReinspectionRecord, options: ExportOptions, to output: ExportOutput) throws
    /// Renders the hazard ledger (default: throws `unsupported-document`; list ``ExportDocumentKind/ledger``
    /// in ``kinds`` when you implement it). Its rows stream: write each as it comes.
    func export(_ ledger: HazardLedger, options: ExportOptions, to output: ExportOutput) throws
    /// Renders a venue's safety file (default: throws `unsupported-document`; list
    /// ``ExportDocumentKind/venue`` in ``kinds`` when you implement it).
    func export(_ file: VenueFile, options: ExportOptions, to output: ExportOutput) throws
    /// Renders an inspection plan (default: throws `unsupported-document`; list
    /// ``ExportDocumentKind/plan`` in ``kinds`` when you implement it).
    func export(_ plan: InspectionPlan, options: ExportOptions, to output: ExportOutput) throws
}

extension ReportExporter {
    public var kinds: Set<ExportDocumentKind> { [.report] }
    public var tables: [String] { [] }

    public func mediaType(for options: ExportOptions) throws -> String {
        _ = try table(for: options)
        return mediaType
    }

    public func fileExtension(for options: ExportOptions) throws -> String {
        _ = try table(for: options)
        return fileExtension
    }

    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        throw SafeGridError.unsupportedDocument(exporter: name, kind: .report)
    }

    public func export(_ notice: RectificationNotice, options: ExportOptions, to output: ExportOutput) throws {
        throw SafeGridError.unsupportedDocument(exporter: name, kind: .notice)
    }

    public func export(_ reminders: ReminderList, options: ExportOptions, to output: ExportOutput) throws {
        throw SafeGridError.unsupportedDocument(exporter: name, kind: .reminders)
    }

    public func export(_ record: ReinspectionRecord, options: ExportOptions, to output: ExportOutput) throws {
        throw SafeGridError.unsupportedDocument(exporter: name, kind: .reinspection)
    }

    public func export(_ ledger: HazardLedger, options: ExportOptions, to output: ExportOutput) throws {
        throw SafeGridError.unsupportedDocument(exporter: name, kind: .ledger)
    }

    public func export(_ file: VenueFile, options: ExportOptions, to output: ExportOutput) throws {
        throw SafeGridError.unsupportedDocument(exporter: name, kind: .venue)
    }

    public func export(_ plan: InspectionPlan, options: ExportOptions, to output: ExportOutput) throws {
        throw SafeGridError.unsupportedDocument(exporter: name, kind: .plan)
    }

    /// The table to write: the one asked for, else the first; throws when the exporter has
    /// no table of that name.
    public func table(for options: ExportOptions) throws -> String? {
        guard let asked = options.table else { return tables.first }
        guard tables.contains(asked) else {
            throw SafeGridError(
                .invalidInput,
                chinese: "导出格式 \(name) 没有名为 '\(asked)' 的表；可选：\(tables.joined(separator: ", "))",
                english: "the \(name) format has no table '\(asked)'; tables: \(tables.joined(separator: ", "))",
                context: ["exporter": name, "table": asked])
        }
        return asked
    }
}

/// How to render: the language, the station's time zone, the table, the list thresholds, and
/// free parameters that a third-party exporter may read.
public struct ExportOptions: Sendable, Hashable {
    /// The language of headings and labels (data such as names is shown as recorded).
    public var language: DisplayLanguage
    /// The station's time zone: every time and day is shown in it.
    public var stationTime: StationTime
    /// For exporters with several tables, the one to write (`nil`: the first).
    public var table: String?
    /// The 红榜 / 黑榜 thresholds.
    public var thresholds: RateThresholds
    /// A title to use instead of the report's own.
    public var title: String?
    /// Settings for exporters that need more (`key=value` on the command line).
    public var parameters: [String: String]

    /// Options; every one has a default.
    public init(
        language: DisplayLanguage = .chinese, stationTime: StationTime = .shanghai, table: String? = nil, thresholds: RateThresholds = .standard, title: String? = nil,
        parameters: [String: String] = [:]
    ) {
        self.language = language
        self.stationTime = stationTime
        self.table = table
        self.thresholds = thresholds
        self.title = title
        self.parameters = parameters
    }
}

/// Where an exporter writes: a buffered stream of bytes into a sink (a file, a socket, memory).
///
/// ```swift
/// let output = ExportOutput()            // collects in memory
/// try exporter.export(document, options: ExportOptions(), to: output)
/// let bytes = try output.finish()
/// ```
public final class ExportOutput {
    private let sink: ([UInt8]) throws -> Void
    // Exporters write a token at a time (millions in a city's report), and the run-time
    // exclusivity checks of these two were a quarter of JSON's time: an output is used by one
    // writer, and the sink gets a copy, so no access can overlap.
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private let bufferSize: Int
    private var collectedBytes: (() -> [UInt8])?
    /// Bytes written so far.
    @exclusivity(unchecked) public private(set) var count = 0

    /// A stream into `sink`, called with chunks of about `bufferSize` bytes.
    public init(bufferSize: Int = 1 << 16, sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        self.bufferSize = bufferSize
        buffer.reserveCapacity(bufferSize)
    }

    /// A stream that collects everything in memory; ``finish()`` returns it.
    public convenience init() {
        var collected: [UInt8] = []
        self.init(sink: { collected.append(contentsOf: $0) })
        collectedBytes = { collected }
    }

    /// Writes text as UTF-8.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes bytes.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        count += bytes.count
        if buffer.count + bytes.count > bufferSize {
            try flush()
            if bytes.count >= bufferSize {
                try sink(Array(bytes))
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Passes what is buffered to the sink.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        buffer.removeAll(keepingCapacity: true)
        try sink(chunk)
    }

    /// Flushes, and returns everything written when the stream collects in memory (else empty).
    @discardableResult
    public func finish() throws -> [UInt8] {
        try flush()
        return collectedBytes?() ?? []
    }
}

/// The exporters a program offers, by name: an immutable value built before the engine
/// starts. The built-in ones are registered exactly as a third party registers its own.
///
/// ```swift
/// var registry = ExporterRegistry()
/// try registry.register(JSONExporter())
/// try registry.register(CSVExporter())             // a name already taken throws
/// let exporter = try registry.exporter(named: "csv") // an unknown name throws, listing the names
/// ```
public struct ExporterRegistry: Sendable {
    private var byName: [String: any ReportExporter] = [:]
    /// The exporters in the order they were registered.
    public private(set) var exporters: [any ReportExporter] = []

    /// An empty registry.
    public init() {}

    /// A registry of these exporters, in this order.
    public init(_ exporters: [any ReportExporter]) throws {
        for exporter in exporters { try register(exporter) }
    }

    /// The registered names, in registration order.
    public var names: [String] { exporters.map(\.name) }

    /// Adds an exporter; throws if the name is taken or not a valid name.
    public mutating func register(_ exporter: any ReportExporter) throws {
        let name = exporter.name
        guard Self.isValidName(name) else {
            throw SafeGridError(
                .invalidInput, chinese: "导出格式名 '\(name)' 无效：只能用小写字母、数字和 -",
                english: "exporter name '\(name)' is not valid: use lower-case letters, digits and '-'", context: ["exporter": name])
        }
        guard byName[name] == nil else {
            throw SafeGridError(
                .duplicateExporter, chinese: "导出格式 '\(name)' 已经注册过了",
                english: "an exporter named '\(name)' is already registered", context: ["exporter": name])
        }
        byName[name] = exporter
        exporters.append(exporter)
    }

    /// A copy with one more exporter.
    public func registering(_ exporter: any ReportExporter) throws -> ExporterRegistry {
        var copy = self
        try copy.register(exporter)
        return copy
    }

    /// The exporter of this name; throws an error listing the names that exist.
    public func exporter(named name: String) throws -> any ReportExporter {
        if let exporter = byName[name] { return exporter }
        let known = names.joined(separator: ", ")
        throw SafeGridError(
            .unknownExporter, chinese: "没有名为 '\(name)' 的导出格式；可用：\(known)",
            english: "no exporter named '\(name)'; available: \(known)", context: ["exporter": name, "available": known])
    }

    /// The exporter of this name, checked to render documents of `kind`.
    public func exporter(named name: String, for kind: ExportDocumentKind) throws -> any ReportExporter {
        let exporter = try exporter(named: name)
        guard exporter.kinds.contains(kind) else {
            let suitable = exporters.filter { $0.kinds.contains(kind) }.map(\.name).joined(separator: ", ")
            throw SafeGridError(
                .unsupportedDocument,
                chinese: "导出格式 '\(name)' 不能输出\(kind.label(.chinese))；可用：\(suitable)",
                english: "the '\(name)' exporter does not render \(kind.label(.english))s; these do: \(suitable)",
                context: ["exporter": name, "kind": kind.rawValue])
        }
        return exporter
    }

    /// Lower-case ASCII letters, digits and `-`, starting with a letter.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

extension ExportDocumentKind {
    /// The kind's name for people.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .report: language.pick("统计报表", "report")
        case .notice: language.pick("整改通知书", "notice")
        case .reminders: language.pick("隐患提醒", "reminder list")
        case .reinspection: language.pick("复查意见书", "re-inspection record")
        case .ledger: language.pick("隐患台账", "ledger")
        case .venue: language.pick("场所平安档案", "venue file")
        case .plan: language.pick("检查计划", "inspection plan")
        }
    }
}

extension SafeGridError {
    /// An exporter asked for a kind of document it does not render.
    public static func unsupportedDocument(exporter: String, kind: ExportDocumentKind) -> SafeGridError {
        SafeGridError(
            .unsupportedDocument, chinese: "导出格式 '\(exporter)' 不能输出\(kind.label(.chinese))",
            english: "the '\(exporter)' exporter does not render \(kind.label(.english))s", context: ["exporter": exporter, "kind": kind.rawValue])
    }
}
