public import SafeGridCore

/// Work in progress: replaced by the real exporter before it lands.
public struct XLSXExporter: ReportExporter {
    public init() {}
    public var name: String { "xlsx" }
    public var mediaType: String { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }
    public var fileExtension: String { "xlsx" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "Excel 工作簿", "en": "Excel workbook"]) }
}
