import Foundation
import SafeGridCore
import SafeGridEngine
import Testing

/// The evidence folder on a real disk: files are hashed and copied in chunks, and kept whole.
@Suite("Evidence folder")
struct FolderEvidenceStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID().uuidString)").path

    /// Every file under the folder, hidden ones (the temporary copies) included.
    func contents() -> [String] {
        (FileManager.default.subpaths(atPath: folder) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = folder + "-source-" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("files of 0 bytes, one chunk, and several chunks plus a tail: hash of the whole file, bytes identical, no temporary left")
    func chunked() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = FolderEvidenceStore(folder: folder)
        for size in [0, 1, 1 << 20, 3 * (1 << 20) + 12_345] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
            let source = try write(bytes, "\(size)")
            defer { try? FileManager.default.removeItem(atPath: source) }
            let hash = try store.keep(fileAt: source)
            #expect(hash == SHA256.hash(bytes), "size \(size)")
            #expect(FileManager.default.contents(atPath: store.location(of: hash)) == Data(bytes), "size \(size)")
            #expect(store.status(of: hash) == .intact)
            // Kept once: the same bytes again change nothing.
            #expect(try store.keep(fileAt: source) == hash)
            #expect(try store.keep(bytes) == hash)
        }
        #expect(contents().count == 4)
        #expect(!contents().contains { $0.contains(".incoming.") })
    }

    @Test("an altered copy is replaced by the bytes just hashed; a file over the limit leaves nothing behind")
    func replacedAndRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = [UInt8](repeating: 7, count: 2 * (1 << 20) + 5)
        let source = try write(bytes, "photo")
        defer { try? FileManager.default.removeItem(atPath: source) }
        let store = FolderEvidenceStore(folder: folder)
        let hash = try store.keep(fileAt: source)
        let kept = store.location(of: hash)
        chmod(kept, 0o644)
        try Data("altered".utf8).write(to: URL(fileURLWithPath: kept))
        #expect(store.status(of: hash) != .intact)
        #expect(try store.keep(fileAt: source) == hash)
        #expect(store.status(of: hash) == .intact)
        #expect(contents() == [String(hash.hex.prefix(2)) + "/" + hash.hex])

        let small = FolderEvidenceStore(folder: folder + "-small", maxBytes: 1 << 20)
        defer { try? FileManager.default.removeItem(atPath: folder + "-small") }
        #expect(throws: SafeGridError.self) { try small.keep(fileAt: source) }
        #expect((FileManager.default.subpaths(atPath: folder + "-small") ?? []).filter { $0.contains(".incoming.") }.isEmpty)
    }
}
