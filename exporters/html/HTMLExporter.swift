public import SafeGridCore

/// Work in progress: replaced by the real exporter before it lands.
public struct HTMLExporter: ReportExporter {
    public init() {}
    public var name: String { "html" }
    public var mediaType: String { "text/html; charset=utf-8" }
    public var fileExtension: String { "html" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "HTML 报表（图表、红黑榜、可打印）", "en": "HTML report with charts, red/black lists, print-ready"]) }
}
