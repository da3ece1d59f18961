public import SafeGridCore

/// Work in progress: replaced by the real exporter before it lands.
public struct JSONExporter: ReportExporter {
    public init() {}
    public var name: String { "json" }
    public var mediaType: String { "application/json" }
    public var fileExtension: String { "json" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "报表 JSON（CLI.md 约定的结构）", "en": "The report JSON of CLI.md"]) }
}
