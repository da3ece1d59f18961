import Foundation
import SafeGridCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file being kept, written under a temporary name in the evidence folder until its hash is
/// known; `install(as:)` flushes it and renames it into place, so a kept file is whole or not
/// there. Dropped without `install`, it is removed.
final class TemporaryFile {
    private let path: String
    private var descriptor: Int32

    init(in folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Self.folderFailure(folder, error)
        }
        path = "\(folder)/.incoming.\(UUID().uuidString).tmp"
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard descriptor >= 0 else { throw Self.failure("create", path) }
    }

    deinit { discard() }

    /// Appends `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var written = 0
        while written < bytes.count {
            let count = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let error = Self.failure("write", path)
                discard()
                throw error
            }
            written += count
        }
    }

    /// Flushes the file, renames it to `target` (replacing an altered copy: the bytes just
    /// hashed are the right ones) and flushes the folders involved.
    func install(as target: String) throws {
        guard fsync(descriptor) == 0 else {
            let error = Self.failure("fsync", path)
            discard()
            throw error
        }
        close(descriptor)
        descriptor = -1
        let directory = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            unlink(path)
            throw Self.folderFailure(directory, error)
        }
        guard rename(path, target) == 0 else {
            let error = Self.failure("rename", target)
            unlink(path)
            throw error
        }
        for folder in [directory, (path as NSString).deletingLastPathComponent] {
            let handle = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if handle >= 0 {
                fsync(handle)
                close(handle)
            }
        }
    }

    /// Closes and removes the file, if it is still there.
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(path)
    }

    /// The system's own words (strerror) stay as the system gives them.
    private static func failure(_ what: String, _ path: String) -> SafeGridError {
        let reason = String(cString: strerror(errno))
        return SafeGridError(
            .storeFailure, chinese: "数据存储读写失败：无法保存证据文件 \(path)（\(what)）：\(reason)",
            english: "the store failed: cannot keep the evidence file \(path): \(what): \(reason)", context: ["evidence": path])
    }

    private static func folderFailure(_ folder: String, _ error: any Error) -> SafeGridError {
        SafeGridError(
            .storeFailure, chinese: "数据存储读写失败：无法创建证据文件夹 \(folder)：\(error.localizedDescription)",
            english: "the store failed: cannot create the evidence folder \(folder): \(error.localizedDescription)", context: ["evidence": folder])
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
