import Foundation
import SafeGridCore

/// Who may write a store: the file, SQLite's journal beside it (`-wal`, `-shm`) and the folder
/// that holds them. SQLite says only "attempt to write a readonly database"; this says which of
/// them refused, and gives the journal back its write permission when only it lacks one.
enum StoreFileAccess {
    static let journalSuffixes = ["-wal", "-shm"]

    /// SQLite makes the journal with the store file's permissions, so a store read while its
    /// file was read-only keeps a read-only `-shm` after the file is made writable again, and
    /// stays unwritable. Gives such journal files the file's permissions back, when this user
    /// may (nothing happens otherwise, and a write names the file).
    static func repairJournal(of path: String) {
        guard access(path, W_OK) == 0,
              let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
        else { return }
        for suffix in journalSuffixes where FileManager.default.fileExists(atPath: path + suffix) && access(path + suffix, W_OK) != 0 {
            _ = chmod(path + suffix, mode_t(mode & 0o666))
        }
    }

    /// Why this user cannot write the store at `path`: the file, a journal file or the folder,
    /// with what to do; `nil` when all of them are writable.
    static func readOnlyError(_ path: String) -> SafeGridError? {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        func refused(_ english: String, _ chinese: String, _ file: String) -> SafeGridError {
            SafeGridError(.storeReadOnly, chinese: chinese, english: english, context: ["store": path, "file": file])
        }
        if access(path, W_OK) != 0 {
            return refused(
                "the store file \(path) is read-only (\(permissions(path))): nothing can be recorded in it. Make it writable (chmod u+w \(path)) or work on a copy",
                "数据存储文件 \(path) 是只读的（\(permissions(path))），无法记录。请改为可写（chmod u+w \(path)），或在副本上操作", path)
        }
        for suffix in journalSuffixes where FileManager.default.fileExists(atPath: path + suffix) && access(path + suffix, W_OK) != 0 {
            let journal = path + suffix
            return refused(
                "\(journal), SQLite's journal of the store, is read-only (\(permissions(journal))) and this user cannot change that. Make it writable (chmod u+w \(journal))",
                "\(journal)（SQLite 的数据存储日志文件）是只读的（\(permissions(journal))），当前用户无法更改。请改为可写（chmod u+w \(journal)）", journal)
        }
        if access(folder, W_OK) != 0 {
            return refused(
                "the folder \(folder) is read-only: SQLite keeps the store's journal beside it (\(name)-wal, \(name)-shm) and cannot create it there. Make the folder writable (chmod u+w \(folder)) or move the store to a folder that is",
                "数据存储所在的文件夹 \(folder) 是只读的：SQLite 须在数据存储旁创建日志文件（\(name)-wal、\(name)-shm）。请让该文件夹可写（chmod u+w \(folder)），或把数据存储移到可写的文件夹", folder)
        }
        return nil
    }

    /// `r--r--r--`: the file's permissions as `ls -l` shows them.
    private static func permissions(_ path: String) -> String {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int else { return "?" }
        return (0..<9).map { bit in mode & (1 << (8 - bit)) != 0 ? Array("rwx")[bit % 3] : "-" }.map(String.init).joined()
    }
}
