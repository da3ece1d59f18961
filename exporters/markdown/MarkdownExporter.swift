public import SafeGridCore

/// Work in progress: replaced by the real exporter before it lands.
public struct MarkdownExporter: ReportExporter {
    public init() {}
    public var name: String { "md" }
    public var mediaType: String { "text/markdown; charset=utf-8" }
    public var fileExtension: String { "md" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "Markdown 表格", "en": "Markdown tables"]) }
}
