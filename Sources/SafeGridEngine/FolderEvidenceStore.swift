import Foundation
public import SafeGridCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Evidence files in a folder, content-addressed: the file whose SHA-256 is `abcdef…` is
/// `FOLDER/ab/abcdef…` (the full 64 hex digits; the two-digit subfolder keeps any one folder
/// to 1/256 of the files, as git does with its objects).
///
/// A file is copied to a temporary name in its subfolder while it is hashed, flushed to disk
/// (`fsync`), then renamed to its hash and the subfolder flushed: a kept file is whole or not
/// there. Kept files are read-only (0444); the same bytes are kept once.
///
/// ```swift
/// let evidence = FolderEvidenceStore(folder: "station.sqlite.evidence")
/// let hash = try evidence.keep(fileAt: "after.jpg")
/// ```
public struct FolderEvidenceStore: EvidenceStore {
    /// The folder (created with the first file kept).
    public let folder: String
    /// The largest file kept, in bytes.
    public let maxBytes: Int

    /// The default limit: 50 MiB, more than any phone photo or scanned reply.
    public static let defaultMaxBytes = 50 * 1024 * 1024

    /// Creates a store over `folder`.
    /// - Parameters:
    ///   - folder: where the files go.
    ///   - maxBytes: the largest file `keep` accepts.
    public init(folder: String, maxBytes: Int = FolderEvidenceStore.defaultMaxBytes) {
        self.folder = folder
        self.maxBytes = maxBytes
    }

    public func location(of hash: SHA256Digest) -> String {
        "\(folder)/\(hash.hex.prefix(2))/\(hash.hex)"
    }

    public func keep(fileAt path: String) throws -> SHA256Digest {
        func refused(_ english: String, _ chinese: String) -> SafeGridError {
            SafeGridError.invalidInput(
                "the evidence file \(path) \(english)", chinese: "证据文件 \(path) \(chinese)", context: ["file": path])
        }
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else {
            let reason = errno == ENOENT ? ("does not exist", "不存在") : ("cannot be read: " + String(cString: strerror(errno)), "无法读取：" + String(cString: strerror(errno)))
            throw refused(reason.0, reason.1)
        }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw refused("cannot be read", "无法读取") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw refused("is a directory, not a file", "是目录，不是文件") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw refused("is not a regular file", "不是普通文件") }
        let tooLarge = refused(
            "is \(info.st_size) bytes, larger than the limit of \(maxBytes) bytes (SAFEGRID_EVIDENCE_MAX_BYTES)",
            "有 \(info.st_size) 字节，超过 \(maxBytes) 字节的上限（SAFEGRID_EVIDENCE_MAX_BYTES）")
        guard Int(info.st_size) <= maxBytes else { throw tooLarge }

        // Copied to a temporary file while it is hashed, one chunk at a time, so memory stays
        // flat whatever the file's size; the limit is checked again as the file may grow.
        let temporary = try TemporaryFile(in: folder)
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                temporary.discard()
                throw refused("cannot be read: " + reason, "无法读取：" + reason)
            }
            if count == 0 { break }
            total += count
            guard total <= maxBytes else {
                temporary.discard()
                throw tooLarge
            }
            hasher.update(buffer[0..<count])
            try buffer.withUnsafeBytes { try temporary.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        let hash = hasher.finalize()
        if status(of: hash) == .intact {
            temporary.discard()
            return hash
        }
        try temporary.install(as: location(of: hash))
        return hash
    }

    public func keep(_ bytes: [UInt8]) throws -> SHA256Digest {
        guard bytes.count <= maxBytes else {
            throw SafeGridError.invalidInput(
                "evidence of \(bytes.count) bytes is larger than the limit of \(maxBytes) bytes (SAFEGRID_EVIDENCE_MAX_BYTES)",
                chinese: "证据 \(bytes.count) 字节，超过 \(maxBytes) 字节的上限（SAFEGRID_EVIDENCE_MAX_BYTES）")
        }
        let hash = SHA256.hash(bytes)
        if status(of: hash) != .intact {
            let temporary = try TemporaryFile(in: folder)
            try bytes.withUnsafeBytes { try temporary.write($0) }
            try temporary.install(as: location(of: hash))
        }
        return hash
    }

    /// Files are read and hashed in chunks of this size (1 MiB).
    static let chunkBytes = 1 << 20

    public func status(of hash: SHA256Digest) -> EvidenceFileStatus {
        let file = open(location(of: hash), O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing : .altered(actual: nil) }
        defer { close(file) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .altered(actual: nil)
            }
            if count == 0 { break }
            hasher.update(buffer[0..<count])
        }
        let actual = hasher.finalize()
        return actual == hash ? .intact : .altered(actual: actual)
    }

    public func hashes(startingWith prefix: String) throws -> [SHA256Digest] {
        let prefix = prefix.lowercased()
        guard prefix.count >= 2 else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(folder)/\(prefix.prefix(2))")) ?? []
        return names.filter { $0.hasPrefix(prefix) }.compactMap(SHA256Digest.init(hex:)).sorted { $0.hex < $1.hex }
    }

    public func contents(of hash: SHA256Digest, maxBytes: Int) -> [UInt8]? {
        let path = location(of: hash)
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size <= maxBytes,
              let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return [UInt8](data)
    }
}
