import SafeGridCore

/// Writes a ZIP archive into an `ExportOutput` one entry at a time, without ever holding an
/// entry in memory: entries are stored (not compressed), their CRC-32 and size follow the data
/// in a data descriptor (general purpose flag bit 3), and only the central directory (a few
/// dozen bytes per entry) is kept until the end.
///
/// Every entry carries the same DOS timestamp (1980-01-01 00:00), so the same entries give the
/// same bytes. ZIP64 is not written: an entry, or the archive, that would reach 4 GiB throws.
final class ZipStreamWriter {
    /// What the central directory needs to know about a finished entry.
    private struct Record {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private let output: ExportOutput
    /// The largest size or offset the classic ZIP fields can hold (0xFFFFFFFF means ZIP64).
    private let limit: UInt64
    private var offset: UInt64 = 0
    private var records: [Record] = []
    private var open: (name: String, record: Record, size: UInt64, crc: CRC32)?

    /// Flag bit 3: sizes and CRC come in a data descriptor after the data.
    private static let flags: UInt16 = 0x0008
    /// Version 2.0: enough for stored entries with data descriptors.
    private static let version: UInt16 = 20
    /// 1980-01-01 00:00:00, the earliest DOS time: fixed so output is deterministic.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    /// A writer into `output`; `limit` is lowered only by tests that check the 4 GiB error.
    init(output: ExportOutput, limit: UInt64 = UInt64(UInt32.max) - 1) {
        self.output = output
        self.limit = limit
    }

    /// Starts an entry (ending the one open, if any). Names are archive paths in ASCII.
    func begin(_ name: String) throws {
        if open != nil { try end() }
        guard records.count < Int(UInt16.max) else {
            throw Self.tooLarge(name, english: "more than 65,535 parts", chinese: "部件超过 65535 个")
        }
        let nameBytes = Array(name.utf8)
        guard offset <= limit, nameBytes.count <= Int(UInt16.max) else {
            throw Self.tooLarge(name, english: "the workbook reaches 4 GiB", chinese: "工作簿达到 4 GiB")
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
    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes bytes into the open entry.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var entry = open else {
            throw SafeGridError(.invalidInput, chinese: "ZIP 写入时没有打开的部件", english: "no ZIP entry is open to write into")
        }
        let size = entry.size + UInt64(bytes.count)
        guard size <= limit, offset + UInt64(bytes.count) <= limit else {
            open = nil
            throw Self.tooLarge(
                entry.name, english: "part \(entry.name) would reach 4 GiB", chinese: "部件 \(entry.name) 将达到 4 GiB")
        }
        entry.crc.update(bytes)
        entry.size = size
        open = entry
        try emit(bytes)
    }

    /// Ends the open entry with its data descriptor.
    func end() throws {
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
    func entry(_ name: String, _ text: String) throws {
        try begin(name)
        try write(text)
        try end()
    }

    /// Ends the open entry and writes the central directory; the archive is then complete.
    func finish() throws {
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
            throw Self.tooLarge("central directory", english: "the workbook reaches 4 GiB", chinese: "工作簿达到 4 GiB")
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

    private static func tooLarge(_ part: String, english: String, chinese: String) -> SafeGridError {
        SafeGridError(
            .invalidInput, chinese: "无法写出 XLSX：\(chinese)，超出 ZIP 格式（不含 ZIP64）的上限，请缩小报表范围",
            english: "cannot write the XLSX: \(english), beyond what ZIP without ZIP64 can hold; narrow the report",
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
struct CRC32 {
    private var state: UInt32 = 0xFFFF_FFFF

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
        return value
    }

    /// The checksum of the bytes so far.
    var value: UInt32 { state ^ 0xFFFF_FFFF }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        Self.table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        state = crc
    }
}
