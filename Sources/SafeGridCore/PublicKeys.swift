internal import Crypto
import Foundation

/// Checking keys and signatures from outside: public keys as `key trust` takes them.
public enum PublicKeys {
    /// The 32 raw bytes of a base64 public key.
    /// - Throws: ``SafeGridError`` `invalid-input` when it is not the base64 of 32 bytes.
    public static func decode(base64 text: String) throws -> [UInt8] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: trimmed), raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw SafeGridError.invalidInput(
                "'\(text)' is not a public key: the base64 of 32 bytes, as `safegrid key show` prints it on the laptop",
                chinese: "'\(text)' 不是公钥：应为 32 字节的 base64，即笔记本上 `safegrid key show` 打印的那一行", context: ["key": text])
        }
        return Array(raw)
    }

    /// Whether `signature` is `publicKey`'s Ed25519 signature of `message`.
    public static func isValid(signature: [UInt8], of message: [UInt8], by publicKey: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
