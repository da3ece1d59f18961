import Foundation
import SafeGridCore
import SafeGridSync

/// The bundle reader of `safegrid bundle merge`. It reads a file, so each input is written to a
/// scratch file. Each input is read twice:
/// 1. as it is, by `verify` (layout, header, digest, trailer, signature), trusting no key;
/// 2. re-signed: any trailer dropped, the digest and part count recomputed and the lines signed
///    with the key below, which the seeds' headers name, then `verify` trusting it and `apply`,
///    so the fuzzer reaches the decoding of every part (it cannot forge an Ed25519 signature).
/// The key is a throwaway made for the seed corpus (`safegrid key init`); it signs nothing else.
let keyBase64 = "Tl9gx2SVK3KNfqSX8B3Fki+nPFDFXpEzNOUMpoqVbGI="
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-fuzz-bundle-\(getpid())").path
let key: SigningKey = {
    FileManager.default.createFile(atPath: scratch, contents: Data((keyBase64 + "\n").utf8))
    return try! SigningKey.load(from: scratch)!
}()
let trusted = [TrustedKey(publicKey: key.publicKey, name: "fuzz", trustedAt: Date(timeIntervalSince1970: 0), trustedBy: "fuzz")]
let reader = BundleReader(limits: BundleLimits(evidenceBytes: 1 << 20))

/// Reads the file at `scratch` as `safegrid bundle merge` does, without a store: errors for a bad
/// bundle are the expected outcome; only crashes, hangs and sanitizer reports are findings.
func read(trusting keys: [TrustedKey]) {
    guard let bundle = try? reader.verify(scratch, trusted: keys) else { return }
    try? reader.apply(bundle) { _ in }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    FileManager.default.createFile(atPath: scratch, contents: Data(bytes))
    read(trusting: [])

    // Re-signed: the lines before any trailer, each ended by a line feed, then a valid trailer.
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    if lines.last?.isEmpty == true { lines.removeLast() }
    if let trailer = lines.firstIndex(where: { $0.starts(with: Array(#"{"part":"trailer""#.utf8)) }) { lines.removeSubrange(trailer...) }
    guard lines.count >= 2 else { return 0 }
    var hasher = SHA256()
    var file: [UInt8] = []
    for line in lines {
        hasher.update(line + [0x0A])
        file += line + [0x0A]
    }
    let digest = hasher.finalize()
    let parts = lines.count - 1  // the header and each part; not the first line
    guard let signature = try? key.sign(BundleFormat.signedMessage(parts: parts, digest: digest)) else { return 0 }
    file += Array(#"{"part":"trailer","value":{"parts":\#(parts),"sha256":"\#(digest.hex)","signature":"\#(Data(signature).base64EncodedString())"}}"#.utf8) + [0x0A]
    FileManager.default.createFile(atPath: scratch, contents: Data(file))
    read(trusting: trusted)
    return 0
}
