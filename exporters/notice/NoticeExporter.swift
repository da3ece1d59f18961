public import SafeGridCore

/// Work in progress: replaced by the real exporter before it lands.
public struct NoticeExporter: ReportExporter {
    public init() {}
    public var name: String { "notice" }
    public var mediaType: String { "text/html; charset=utf-8" }
    public var fileExtension: String { "html" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "整改通知书（可打印）", "en": "Rectification notice for printing"]) }
}
