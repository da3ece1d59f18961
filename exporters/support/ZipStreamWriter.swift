public import SafeGridCore

/// Writes a ZIP archive into an `ExportOutput` one entry at a time, without ever holding an
/// entry in memory: entries are stored (not compressed), their CRC-32 and size follow the data
/// in a data descriptor (general purpose flag bit 3), and only the central directory (a few
/// dozen bytes per entry) is kept until the end. The XLSX workbook and the CSV exporter's ZIP of
/// every table are written with it.
///
/// Every entry carries the same DOS timestamp (1980-01-01 00:00), so the same entries give the
/// same bytes. ZIP64 is not written: an entry, or the archive, that would reach 4 GiB throws
/// `invalid-input`, naming the archive as the exporter's reader knows it.
///
/// ```swift
/// let output = ExportOutput()
/// let zip = ZipStreamWriter(output: output, archive: LocalizedText(["zh-CN": "表格压缩包", "en": "ZIP of tables"]))
/// try zip.entry("groups.csv", "G1,夜市一网格\r\n")
/// try zip.begin("trend.csv")        // an entry written in pieces, as its rows come
/// try zip.write("2026-06-08,3\r\n")
/// try zip.finish()                  // ends the open entry, writes the central directory
/// let bytes = try output.finish()   // a complete archive: `unzip -t` accepts it
/// ```
public final class ZipStreamWriter {
    /// What the central directory needs to know about a finished entry.
    private struct Record {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private let output: ExportOutput
    /// What the archive is, for people (`XLSX 工作簿` / `XLSX workbook`), named in errors.
    private let archive: LocalizedText
    /// The largest size or offset the classic ZIP fields can hold (0xFFFFFFFF means ZIP64).
    private let limit: UInt64
    // Written for every piece of an entry (a worksheet's row): no run-time exclusivity checks,
    // as in `ExportOutput`; a writer is used by one exporter at a time.
    @exclusivity(unchecked) private var offset: UInt64 = 0
    private var records: [Record] = []
    @exclusivity(unchecked) private var open: (name: String, record: Record, size: UInt64, crc: CRC32)?

    /// Flag bit 3: sizes and CRC come in a data descriptor after the data.
    private static let flags: UInt16 = 0x0008
    /// Version 2.0: enough for stored entries with data descriptors.
    private static let version: UInt16 = 20
    /// 1980-01-01 00:00:00, the earliest DOS time: fixed so output is deterministic.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    /// A writer into `output`.
    /// - Parameters:
    ///   - output: where the archive's bytes go, as they are written.
    ///   - archive: what the archive is for its reader (`XLSX 工作簿` / `XLSX workbook`), named
    ///     in the error when it would outgrow ZIP.
    ///   - limit: the largest size or offset allowed: ZIP's own (below 4 GiB) unless a test
    ///     lowers it to reach the error.
    public init(output: ExportOutput, archive: LocalizedText, limit: UInt64 = UInt64(UInt32.max) - 1) {
        self.output = output
        self.archive = archive
        self.limit = limit
    }

    /// Starts an entry (ending the one open, if any).
    /// - Parameter name: the entry's path in the archive, in ASCII (`xl/workbook.xml`).
    /// - Throws: `invalid-input` when the archive would outgrow ZIP (65,535 entries, 4 GiB);
    ///   what `output` throws.
    public func begin(_ name: String) throws {
        if open != nil { try end() }
        guard records.count < Int(UInt16.max) else {
            throw tooLarge(name, english: "more than 65,535 entries", chinese: "文件超过 65535 个")
        }
        let nameBytes = Array(name.utf8)
        guard offset <= limit, nameBytes.count <= Int(UInt16.max) else {
            throw tooLarge(name, english: "it reaches 4 GiB", chinese: "大小达到 4 GiB")
        }
        var header = ByteWriter()
        header.u32(0x0403_4B50)
        header.u16(Self.version)
        header.u16(Self.flags)
        header.u16(0)  // stored
        header.u16(Self.dosTime)
        header.u16(Self.dosDate)
        header.u32(0)  // CRC-32, in the data descriptor
        header.u32(0)  // compressed size, idem
        header.u32(0)  // size, idem
        header.u16(UInt16(nameBytes.count))
        header.u16(0)  // no extra field
        header.bytes.append(contentsOf: nameBytes)
        let record = Record(name: nameBytes, crc: 0, size: 0, offset: UInt32(offset))
        try emit(header.bytes)
        open = (name, record, 0, CRC32())
    }

    /// Writes text (UTF-8) into the open entry.
    /// - Throws: `invalid-input` when no entry is open or the entry would reach 4 GiB; what
    ///   `output` throws.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes bytes into the open entry.
    /// - Throws: as ``write(_:)-(String)``.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes bytes into the open entry.
    /// - Throws: as ``write(_:)-(String)``.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var entry = open else {
            throw SafeGridError(.invalidInput, chinese: "ZIP 写入时没有打开的部件", english: "no ZIP entry is open to write into")
        }
        let size = entry.size + UInt64(bytes.count)
        guard size <= limit, offset + UInt64(bytes.count) <= limit else {
            open = nil
            throw tooLarge(entry.name, english: "\(entry.name) would reach 4 GiB", chinese: "其中 \(entry.name) 将达到 4 GiB")
        }
        entry.crc.update(bytes)
        entry.size = size
        open = entry
        try emit(bytes)
    }

    /// Ends the open entry with its data descriptor (nothing when none is open).
    /// - Throws: what `output` throws.
    public func end() throws {
        guard var entry = open else { return }
        open = nil
        entry.record.crc = entry.crc.value
        entry.record.size = UInt32(entry.size)
        var descriptor = ByteWriter()
        descriptor.u32(0x0807_4B50)
        descriptor.u32(entry.record.crc)
        descriptor.u32(entry.record.size)  // compressed size: stored, so the same
        descriptor.u32(entry.record.size)
        try emit(descriptor.bytes)
        records.append(entry.record)
    }

    /// Writes a whole entry.
    /// - Parameters:
    ///   - name: the entry's path in the archive, in ASCII.
    ///   - text: its content, written as UTF-8.
    /// - Throws: as ``begin(_:)`` and ``write(_:)-(String)``.
    public func entry(_ name: String, _ text: String) throws {
        try begin(name)
        try write(text)
        try end()
    }

    /// Ends the open entry and writes the central directory; the archive is then complete
    /// (flushing `output` is the caller's).
    /// - Throws: `invalid-input` when the directory would pass 4 GiB; what `output` throws.
    public func finish() throws {
        try end()
        let start = offset
        var directory = ByteWriter()
        for record in records {
            directory.u32(0x0201_4B50)
            directory.u16(Self.version)  // made by: MS-DOS attributes, version 2.0
            directory.u16(Self.version)
            directory.u16(Self.flags)
            directory.u16(0)
            directory.u16(Self.dosTime)
            directory.u16(Self.dosDate)
            directory.u32(record.crc)
            directory.u32(record.size)
            directory.u32(record.size)
            directory.u16(UInt16(record.name.count))
            directory.u16(0)  // extra field
            directory.u16(0)  // comment
            directory.u16(0)  // disk number
            directory.u16(0)  // internal attributes
            directory.u32(0)  // external attributes
            directory.u32(record.offset)
            directory.bytes.append(contentsOf: record.name)
        }
        let size = UInt64(directory.bytes.count)
        guard start <= limit, start + size <= limit else {
            throw tooLarge("central directory", english: "it reaches 4 GiB", chinese: "大小达到 4 GiB")
        }
        directory.u32(0x0605_4B50)
        directory.u16(0)  // this disk
        directory.u16(0)  // disk with the directory
        directory.u16(UInt16(records.count))
        directory.u16(UInt16(records.count))
        directory.u32(UInt32(size))
        directory.u32(UInt32(start))
        directory.u16(0)  // comment length
        try emit(directory.bytes)
    }

    private func emit(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try emit($0) }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        try output.write(bytes)
        offset += UInt64(bytes.count)
    }

    private func tooLarge(_ part: String, english: String, chinese: String) -> SafeGridError {
        SafeGridError(
            .invalidInput,
            chinese: "无法写出 \(archive.resolved(for: .chinese))：\(chinese)，超出 ZIP 格式（不含 ZIP64）的上限，请缩小报表范围",
            english: "cannot write the \(archive.resolved(for: .english)): \(english), beyond what ZIP without ZIP64 can hold; narrow the report",
            context: ["part": part])
    }
}

/// Little-endian fields for ZIP headers.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// The CRC-32 ZIP uses (IEEE 802.3, reflected polynomial 0xEDB88320), computed as bytes pass.
///
/// Eight bytes at a time ("slicing by 8": eight tables, each a byte further along), since a
/// city's workbook is hundreds of megabytes and a byte at a time was a tenth of its time.
struct CRC32 {
    private var state: UInt32 = 0xFFFF_FFFF

    /// `tables[k][b]`: the CRC of byte `b` followed by `k` zero bytes; `tables[0]` is the
    /// classic byte-at-a-time table. Stored as one array of 8 × 256 entries.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
            tables[index] = value
        }
        for index in 0..<256 {
            for slice in 1..<8 {
                let previous = tables[(slice - 1) * 256 + index]
                tables[slice * 256 + index] = tables[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return tables
    }()

    /// The checksum of the bytes so far.
    var value: UInt32 { state ^ 0xFFFF_FFFF }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        Self.tables.withUnsafeBufferPointer { t in
            var index = 0
            let count = bytes.count
            while count - index >= 8 {
                let low = crc ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
                let high = UInt32(bytes[index + 4]) | UInt32(bytes[index + 5]) << 8 | UInt32(bytes[index + 6]) << 16 | UInt32(bytes[index + 7]) << 24
                crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = t[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        state = crc
    }
}
