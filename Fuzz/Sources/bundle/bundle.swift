import Foundation
import SafeGridSync

/// The bundle reader of `safegrid bundle import`: it reads a file, so each input is written to
/// one scratch file first. `verify` checks layout, digest and signature; no key is trusted, so
/// no input reaches `apply` (a fuzzer cannot forge an Ed25519 signature anyway).
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-fuzz-bundle-\(getpid())").path
let reader = BundleReader(limits: BundleLimits(evidenceBytes: 1 << 20))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FileManager.default.createFile(atPath: scratch, contents: Data(bytes: start, count: count))
    // A refused bundle is the expected outcome; only crashes, hangs and sanitizer reports are findings.
    _ = try? reader.verify(scratch, trusted: [])
    return 0
}
