import Foundation
import SafeGridCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a bundle as it goes: parts are hashed and written in order, never held together in
/// memory. The file is written under a temporary name beside `path` and renamed when the
/// trailer is on disk, so a failed export leaves no half-written bundle.
///
/// ```swift
/// let counts = try laptop.store.read { reader in
///     let contents = BundleContents(reader: reader, evidence: nil, limits: limits)
///     let header = BundleHeader(kind: .events, createdAt: Date(), signer: key, store: "laptop-1", history: try contents.history(.all))
///     let writer = try BundleWriter(path: "night.sgb", key: key, header: header)
///     _ = try contents.writeEvents(.all, to: writer)
///     return try writer.finish()
/// }
/// ```
public final class BundleWriter {
    private let path: String
    private let temporary: String
    private let handle: FileHandle
    private let key: SigningKey
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private var parts = 0
    private var finished = false
    /// What has been written, by kind.
    public private(set) var counts = BundleCounts()

    /// Starts a bundle: the first line and the header.
    /// - Throws: `SafeGridError` `invalid-input` when the file cannot be created.
    public init(path: String, key: SigningKey, header: BundleHeader) throws {
        self.path = path
        self.key = key
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw SafeGridError.invalidInput(
                "cannot create the bundle file \(path) (is the folder there and writable?)", chinese: "无法创建数据包文件 \(path)（文件夹是否存在且可写？）",
                context: ["bundle": path])
        }
        self.handle = handle
        try append(Array(BundleFormat.magic.utf8))
        try append(PartCodec.line(kind: "header", value: Array(try PartCodec.encoder().encode(header))))
        parts = 1
    }

    deinit {
        if !finished {
            try? handle.close()
            unlink(temporary)
        }
    }

    /// Writes one part.
    public func write(_ part: BundlePart) throws {
        try append(PartCodec.line(kind: part.kind, value: try PartCodec.value(of: part)))
        parts += 1
        counts.count(part)
    }

    /// Signs and writes the trailer, then puts the file in place.
    /// - Returns: what the bundle holds.
    @discardableResult
    public func finish() throws -> BundleCounts {
        let digest = hasher.finalize()
        let signature = try key.sign(BundleFormat.signedMessage(parts: parts, digest: digest))
        let trailer = TrailerValue(parts: parts, sha256: digest.hex, signature: Data(signature).base64EncodedString())
        buffer += PartCodec.line(kind: "trailer", value: Array(try PartCodec.encoder().encode(trailer))) + [0x0A]
        do {
            try flush()
            try handle.synchronize()
            try handle.close()
        } catch {
            throw failed(error)
        }
        guard rename(temporary, path) == 0 else { throw failed(String(cString: strerror(errno))) }
        finished = true
        return counts
    }

    private func append(_ line: [UInt8]) throws {
        hasher.update(line)
        hasher.update([0x0A])
        buffer += line
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw failed(error)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func failed(_ error: Any) -> SafeGridError {
        SafeGridError.invalidInput("cannot write the bundle file \(path): \(error)", chinese: "无法写入数据包文件 \(path)：\(error)", context: ["bundle": path])
    }
}
