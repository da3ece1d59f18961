import Foundation
import GRDB
import SafeGridCore

#if canImport(Glibc)
import Glibc
#endif

/// A full disk, said so. SQLite says "database or disk is full" when a write finds no room, and
/// only "disk I/O error" when it cannot even make its shared-memory file on opening; this names
/// the disk's free space and what to do. SQLite rolls the transaction back either way.
enum StoreDiskSpace {
    /// Less free than this, and an I/O error is taken for a full disk.
    static let nearlyFull: UInt64 = 1 << 20

    /// Bytes this user may still write on the file system that holds `folder`; `nil` if unknown.
    static func free(at folder: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// The error for SQLite's `error` when the disk holding the store at `path` is full: always
    /// for `SQLITE_FULL`, and for an I/O error or a journal that cannot be opened when less than
    /// ``nearlyFull`` is free; `nil` otherwise.
    static func fullError(_ error: any Error, path: String, unavailable: Bool) -> SafeGridError? {
        guard let error = error as? DatabaseError else { return nil }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let free = free(at: folder)
        switch error.resultCode.primaryResultCode {
        case .SQLITE_FULL: break
        case .SQLITE_IOERR, .SQLITE_CANTOPEN: guard let free, free < nearlyFull else { return nil }
        default: return nil
        }
        let left = free.map { "\($0)" } ?? "?"
        let detail = SQLiteHazardStore.describe(error)
        return SafeGridError(
            unavailable ? .storeUnavailable : .storeFailure,
            chinese: "数据存储 \(path) 所在的磁盘已满（\(folder) 仅剩 \(left) 字节；\(detail)）。本次未写入任何内容；请腾出空间后重新运行",
            english: "the disk holding the store \(path) is full (\(left) bytes free in \(folder); \(detail)). Nothing was written; free some space and run the command again",
            context: ["store": path, "free": left])
    }
}
