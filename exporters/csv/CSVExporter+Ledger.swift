public import SafeGridCore

extension CSVExporter {
    /// Writes the hazard ledger as one CSV file: the byte-order mark, the headings of
    /// `LedgerColumn`, then one line per hazard as the store yields it (photos as counts).
    public func export(_ ledger: HazardLedger, options: ExportOptions, to output: ExportOutput) throws {
        let time = options.stationTime
        try output.write(Self.byteOrderMark)
        try output.write(Self.record(LedgerColumn.headings(options.language).map { Self.field(.text($0), time) }))
        try ledger.rows.forEach { row in
            try output.write(Self.record(row.cells(options).map { Self.field($0, time) }))
        }
        try output.flush()
    }
}
