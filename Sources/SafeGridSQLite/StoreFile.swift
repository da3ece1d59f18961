import Foundation
import GRDB
import SafeGridCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's file before SQLite opens it: what is at the path, and how a new store comes to be.
enum StoreFile {
    /// What is at a store's path.
    enum Kind {
        case missing, directory, empty, file
    }

    static func kind(at path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
        return info.st_size == 0 ? .empty : .file
    }

    /// Creates a complete store at `path`, unless another process does first.
    ///
    /// The store is built under a temporary name beside `path` (WAL switched on, every
    /// migration run, closed) and then hard-linked to `path`, which fails if `path` exists: a
    /// store appears at its path whole, never as the empty file SQLite creates first. So an
    /// empty file at a store's path is never a store being made, and of several processes
    /// creating the same store one wins and the others open its file.
    /// - Returns: whether this call's store is the one at `path` (false: another process won).
    @discardableResult
    static func create(at path: String, configuration: Configuration) throws -> Bool {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SafeGridError(
                .storeUnavailable, chinese: "无法创建数据存储 \(path)：文件夹 \(directory) 不存在",
                english: "cannot create the store \(path): the folder \(directory) does not exist", context: ["store": path])
        }
        let temporary = "\(directory)/.\(url.lastPathComponent).new-\(UUID().uuidString)"
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) } }
        do {
            let queue = try DatabaseQueue(path: temporary, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                // Once, here: asking for WAL on every open would write to the file each time.
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try Schema.migrator.migrate(db) { _ in }
            }
            // Closing the last connection checkpoints the WAL into the file and removes it.
            try queue.close()
        } catch {
            throw SafeGridError(
                .storeUnavailable, chinese: "无法在 \(directory) 中创建数据存储 \(path)：\(SQLiteHazardStore.describe(error))",
                english: "cannot create the store \(path) in \(directory): \(SQLiteHazardStore.describe(error))", context: ["store": path])
        }
        if link(temporary, path) == 0 {
            syncDirectory(directory)
            return true
        }
        if errno == EEXIST { return false }
        // File systems without hard links (FAT, some network mounts): rename instead, which
        // would replace a store another process created in the same instant, so check first.
        let linkError = errno
        if [EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS].contains(linkError) {
            if kind(at: path) != .missing { return false }
            if rename(temporary, path) == 0 {
                syncDirectory(directory)
                return true
            }
        }
        let reason = String(cString: strerror(errno))
        throw SafeGridError(
            .storeUnavailable, chinese: "无法创建数据存储 \(path)：\(reason)", english: "cannot create the store \(path): \(reason)",
            context: ["store": path])
    }

    private static func syncDirectory(_ directory: String) {
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }
        fsync(folder)
        close(folder)
    }
}
