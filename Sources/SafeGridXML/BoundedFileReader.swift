import Foundation

/// Reads a whole file, but never more than a limit: a 30 MB file, a device or a FIFO costs
/// at most `limit + 1` bytes of memory before it is refused.
enum BoundedFileReader {
    enum Problem: Error {
        /// Larger than the limit; the size when the file system knows it.
        case tooLarge(Int?)
        case unreadable(String)
    }

    static func read(_ url: URL, limit: Int) -> Result<[UInt8], Problem> {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            return .failure(.unreadable(reason(error)))
        }
        defer { try? handle.close() }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return .failure(.unreadable("it is a directory"))
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > limit {
            return .failure(.tooLarge(size))
        }
        do {
            var bytes: [UInt8] = []
            while bytes.count <= limit, let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - bytes.count)), !chunk.isEmpty {
                bytes.append(contentsOf: chunk)
            }
            return bytes.count > limit ? .failure(.tooLarge(nil)) : .success(bytes)
        } catch {
            return .failure(.unreadable(reason(error)))
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        if nsError.domain == NSCocoaErrorDomain && nsError.code == NSFileReadNoPermissionError { return "permission denied" }
        return nsError.localizedDescription
    }
}
