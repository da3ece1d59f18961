internal import Crypto
import Foundation
public import SafeGridCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This machine's Ed25519 key pair (`safegrid key init`), which signs the bundles it exports.
///
/// The private key is kept in one file readable by its owner only (mode 0600): one line, the
/// base64 of its 32 raw bytes. The public key and fingerprint are derived from it.
///
/// ```swift
/// let key = try SigningKey.create(at: dataDirectory + "/key.ed25519")
/// print(key.publicKeyBase64, key.fingerprint)
/// ```
public struct SigningKey: Sendable {
    private let privateKey: Curve25519.Signing.PrivateKey

    private init(_ privateKey: Curve25519.Signing.PrivateKey) { self.privateKey = privateKey }

    /// The 32 raw bytes of the public key.
    public var publicKey: [UInt8] { Array(privateKey.publicKey.rawRepresentation) }
    /// The public key as base64, as `key show` prints it and `key trust` takes it.
    public var publicKeyBase64: String { Data(publicKey).base64EncodedString() }
    /// `TrustedKey/fingerprint(of:)` of the public key.
    public var fingerprint: String { TrustedKey.fingerprint(of: publicKey) }

    /// Signs `message`.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        Array(try privateKey.signature(for: message))
    }

    /// Makes a new key pair and keeps it at `path` (mode 0600).
    /// - Parameters:
    ///   - path: the private key file.
    ///   - replacing: whether an existing key may be replaced (`--force`).
    /// - Throws: `SafeGridError` `signing-key` when a key is there already and `replacing` is
    ///   false, or the file cannot be written.
    public static func create(at path: String, replacing: Bool = false) throws -> SigningKey {
        if !replacing, FileManager.default.fileExists(atPath: path) {
            throw SafeGridError(
                .signingKey, chinese: "\(path) 已有密钥；替换它会使已信任它的站点不再接受本机的数据包，确需替换请加 --force",
                english: "a key exists already at \(path); replacing it means stations that trust it refuse this laptop's bundles (use --force to replace it)",
                context: ["key": path])
        }
        let key = Curve25519.Signing.PrivateKey()
        let text = Array((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        try writePrivate(text, to: path, replacing: replacing)
        return SigningKey(key)
    }

    /// The key kept at `path`, or `nil` when there is none.
    /// - Throws: `SafeGridError` `signing-key` when the file is not a key.
    public static func load(from path: String) throws -> SigningKey? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw SafeGridError(
                .signingKey, chinese: "\(path) 不是 SafeGrid 密钥文件（应为 32 字节私钥的 base64）",
                english: "\(path) is not a SafeGrid key file (the base64 of a 32-byte private key)", context: ["key": path])
        }
        return SigningKey(key)
    }

    /// Writes to a temporary name created 0600, then links it to `path` (which fails if `path`
    /// exists, so a key is never overwritten by accident) or renames it over `path`.
    private static func writePrivate(_ bytes: [UInt8], to path: String, replacing: Bool) throws {
        func failed(_ what: String) -> SafeGridError {
            SafeGridError(
                .signingKey, chinese: "无法写入密钥文件 \(path)：\(what)", english: "cannot write the key file \(path): \(what)",
                context: ["key": path])
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw failed(error.localizedDescription)
            }
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw failed(String(cString: strerror(errno))) }
        // The mode given to open is narrowed by the umask, never widened; set it exactly.
        let wrote = fchmod(fd, 0o600) == 0 && bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count && fsync(fd) == 0
        close(fd)
        defer { unlink(temporary) }
        guard wrote else { throw failed(String(cString: strerror(errno))) }
        if replacing {
            guard rename(temporary, path) == 0 else { throw failed(String(cString: strerror(errno))) }
        } else {
            guard link(temporary, path) == 0 else { throw failed(String(cString: strerror(errno))) }
        }
    }
}

/// This machine's key signs the checkpoints of the stores it writes.
extension SigningKey: CheckpointSigner {}
