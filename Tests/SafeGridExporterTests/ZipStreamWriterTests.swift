import Foundation
import SafeGridCore
import Testing

@testable import SafeGridExportSupport

/// An archive read back by Info-ZIP: checked with `unzip -t`, its entries listed in order with
/// `unzip -Z1` and unpacked with `unzip`, so it is read by a program other than the writer.
struct UnzippedArchive {
    /// The entries in the archive's order, with their bytes.
    var entries: [(name: String, bytes: [UInt8])]

    init(_ archive: [UInt8]) throws {
        let unzip = try #require(ExternalTool.find("unzip"), "unzip is needed to check the archive")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("archive.zip")
        try Data(archive).write(to: file)
        let test = try ExternalTool.run(unzip, ["-t", file.path], timeout: 60)
        #expect(test.status == 0 && test.output.contains("No errors detected"), "unzip -t: \(test.output)")
        let names = try ExternalTool.run(unzip, ["-Z1", file.path], timeout: 60).output.split(separator: "\n").map(String.init)
        let unpacked = directory.appendingPathComponent("entries")
        let extract = try ExternalTool.run(unzip, ["-q", "-o", file.path, "-d", unpacked.path], timeout: 60)
        #expect(extract.status == 0, "unzip: \(extract.output)")
        entries = try names.map { name in
            (name, [UInt8](try Data(contentsOf: unpacked.appendingPathComponent(name))))
        }
    }
}

@Suite("ZIP writer")
struct ZipStreamWriterTests {
    @Test("CRC-32 matches the standard check value")
    func crc() {
        var crc = CRC32()
        Array("123456789".utf8).withUnsafeBytes { crc.update($0) }
        #expect(crc.value == 0xCBF4_3926)
    }

    @Test("entries whole, in pieces and empty read back byte for byte; the same entries give the same bytes")
    func roundTrip() throws {
        func archive() throws -> [UInt8] {
            let collected = ExportOutput()
            let zip = ZipStreamWriter(output: collected, archive: LocalizedText(["zh-CN": "ZIP 测试包", "en": "test archive"]))
            try zip.entry("a.csv", "甲,乙\r\n")
            try zip.begin("dir/b.txt")
            for index in 0..<1_000 { try zip.write("line \(index)\n") }
            try zip.write([0x00, 0xFF])
            try zip.begin("empty")
            try zip.finish()
            return try collected.finish()
        }
        let bytes = try archive()
        #expect(try archive() == bytes)
        let read = try UnzippedArchive(bytes)
        #expect(read.entries.map(\.name) == ["a.csv", "dir/b.txt", "empty"])
        #expect(read.entries[0].bytes == Array("甲,乙\r\n".utf8))
        #expect(read.entries[1].bytes == Array((0..<1_000).map { "line \($0)\n" }.joined().utf8) + [0x00, 0xFF])
        #expect(read.entries[2].bytes.isEmpty)
    }

    @Test("the example of ZipStreamWriter's documentation writes the archive it says")
    func documentedExample() throws {
        let output = ExportOutput()
        let zip = ZipStreamWriter(output: output, archive: LocalizedText(["zh-CN": "表格压缩包", "en": "ZIP of tables"]))
        try zip.entry("groups.csv", "G1,夜市一网格\r\n")
        try zip.begin("trend.csv")        // an entry written in pieces, as its rows come
        try zip.write("2026-06-08,3\r\n")
        try zip.finish()                  // ends the open entry, writes the central directory
        let bytes = try output.finish()   // a complete archive: `unzip -t` accepts it
        let read = try UnzippedArchive(bytes)
        #expect(read.entries.map(\.name) == ["groups.csv", "trend.csv"])
        #expect(read.entries.map(\.bytes) == [Array("G1,夜市一网格\r\n".utf8), Array("2026-06-08,3\r\n".utf8)])
    }

    @Test("an archive that would outgrow ZIP is refused naming it, in both languages")
    func limit() throws {
        let zip = ZipStreamWriter(output: ExportOutput(), archive: LocalizedText(["zh-CN": "ZIP 测试包", "en": "test archive"]), limit: 100)
        try zip.begin("big.txt")
        let error = #expect(throws: SafeGridError.self) { try zip.write(String(repeating: "x", count: 200)) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.resolved(for: .english) == "cannot write the test archive: big.txt would reach 4 GiB, beyond what ZIP without ZIP64 can hold; narrow the report")
        #expect(error?.message.resolved(for: .chinese).hasPrefix("无法写出 ZIP 测试包：其中 big.txt 将达到 4 GiB") == true)
        #expect(error?.context["part"] == "big.txt")
    }
}
