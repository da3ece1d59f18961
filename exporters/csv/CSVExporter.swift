public import SafeGridCore

/// Work in progress: replaced by the real exporter before it lands.
public struct CSVExporter: ReportExporter {
    public init() {}
    public var name: String { "csv" }
    public var mediaType: String { "text/csv; charset=utf-8" }
    public var fileExtension: String { "csv" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "CSV 表格（带 BOM，Excel 可直接打开）", "en": "CSV tables (UTF-8 with BOM, opens in Excel)"]) }
}
