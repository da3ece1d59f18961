public import SafeGridCore
import SafeGridExportSupport

extension XLSXExporter {
    /// At most this many photos are embedded in one ledger workbook, and at most
    /// ``ledgerPhotoBytes`` of them: later rows give their photos as counts only.
    public static let ledgerPhotoLimit = 2_000
    /// The photo bytes one ledger workbook embeds at most.
    public static let ledgerPhotoBytes = 256 << 20

    /// Writes the hazard ledger as a workbook of one sheet: the headings of `LedgerColumn`
    /// (frozen), then one row per hazard as the store yields it, zipped as it is written so
    /// memory stays flat in the number of hazards. A row's kept photos (the first of what was
    /// found, the latest of the fix; PNG, JPEG or GIF) are pictures anchored in the photo
    /// columns (`xl/drawings`, `xl/media`), within ``ledgerPhotoLimit`` and ``ledgerPhotoBytes``.
    /// - Throws: `invalid-input` when the ledger has more rows than a worksheet holds.
    public func export(_ ledger: HazardLedger, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let zip = ZipStreamWriter(output: output, archive: Self.archive, limit: zipLimit)
        let sheetName = l.pick("隐患台账", "Hazard ledger")
        try zip.entry("[Content_Types].xml", LedgerDrawing.contentTypes)
        try zip.entry("_rels/.rels", WorkbookParts.packageRelationships)
        try zip.entry(
            "docProps/core.xml", WorkbookParts.coreProperties(title: options.title ?? ledger.title(l), language: l, created: ledger.asOf))
        try zip.entry("docProps/app.xml", WorkbookParts.appProperties)
        try zip.entry("xl/workbook.xml", WorkbookParts.workbook(sheetNames: [sheetName]))
        try zip.entry("xl/_rels/workbook.xml.rels", WorkbookParts.workbookRelationships(sheetCount: 1))
        try zip.entry("xl/styles.xml", WorkbookParts.styles)
        try zip.entry("xl/worksheets/_rels/sheet1.xml.rels", LedgerDrawing.sheetRelationships)

        let columns = LedgerColumn.allCases
        let sheet = WorksheetWriter(zip: zip, time: options.stationTime)
        try sheet.begin(
            path: WorkbookParts.sheetPath(1), widths: columns.map { Self.ledgerWidth($0, l) }, frozenRows: 1, selected: true,
            relationships: true)
        try sheet.row(1, LedgerColumn.headings(l).map(ReportCell.text), role: .header)
        let beforeColumn = columns.firstIndex(of: .beforePhotos)!, afterColumn = columns.firstIndex(of: .afterPhotos)!
        var drawing = LedgerDrawing()
        var rowNumber = 1
        try ledger.rows.forEach { row in
            guard rowNumber < rowsPerSheet + 1 else {
                throw SafeGridError(
                    .invalidInput, chinese: "台账超过 \(rowsPerSheet) 行，一张 XLSX 工作表放不下；请缩小期间或范围，或用 csv",
                    english: "the ledger has more than \(rowsPerSheet) rows, more than an XLSX worksheet holds; narrow the period or scope, or use csv",
                    context: ["rows": String(rowsPerSheet)])
            }
            rowNumber += 1
            var pictured = false
            if row.hasPhotos, drawing.placements.count < Self.ledgerPhotoLimit {
                let photos = try ledger.photos.photos(ofHazard: row.state.id)
                for (photo, column) in [(photos.before.first, beforeColumn), (photos.after.last, afterColumn)] {
                    guard let photo else { continue }
                    if drawing.place(
                        photo, hazardID: row.state.id, row: rowNumber - 1, column: column, limit: Self.ledgerPhotoLimit,
                        byteLimit: Self.ledgerPhotoBytes)
                    {
                        pictured = true
                    }
                }
            }
            try sheet.row(rowNumber, row.cells(options), height: pictured ? LedgerDrawing.rowHeight : nil)
        }
        try sheet.end(drawing: "rId1")
        try zip.entry("xl/drawings/drawing1.xml", drawing.drawingXML())
        try zip.entry("xl/drawings/_rels/drawing1.xml.rels", drawing.drawingRelationships())
        // The pictures' bytes, read again hazard by hazard (a ledger anchors a bounded number).
        var index = 0
        let placements = drawing.placements
        while index < placements.count {
            let hazardID = placements[index].hazardID
            let photos = try ledger.photos.photos(ofHazard: hazardID)
            let byHash = Dictionary((photos.before + photos.after).map { ($0.hash, $0) }, uniquingKeysWith: { first, _ in first })
            while index < placements.count, placements[index].hazardID == hazardID {
                let placement = placements[index]
                guard let photo = byHash[placement.hash] else {
                    throw SafeGridError(
                        .invalidInput, chinese: "隐患 \(hazardID) 的照片 \(placement.hash.hex) 在写入台账时不见了",
                        english: "the photo \(placement.hash.hex) of hazard \(hazardID) went missing while the ledger was written",
                        context: ["hazard": hazardID, "photo": placement.hash.hex])
                }
                try zip.begin("xl/media/" + LedgerDrawing.mediaName(index, placement))
                try zip.write([UInt8](photo.data))
                try zip.end()
                index += 1
            }
        }
        try zip.finish()
    }

    /// A column's width: its heading's, wider for text that runs long.
    static func ledgerWidth(_ column: LedgerColumn, _ l: DisplayLanguage) -> Int {
        let wide: Set<LedgerColumn> = [.description, .basis, .extensions, .reinspections, .remarks, .address]
        let heading = Spreadsheet.displayWidth(column.label(l)) + 1
        return Spreadsheet.columnWidth(wide.contains(column) ? max(heading, 30) : max(heading, 12))
    }
}
