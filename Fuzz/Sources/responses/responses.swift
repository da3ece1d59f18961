/// The responses file of `safegrid inspect --responses`: its reader, StrictJSON, lives in the
/// CLI executable, which cannot be imported, so its file is compiled here as it is (a symlink).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    // Errors for bad files are expected; only crashes, hangs and sanitizer reports are findings.
    _ = try? StrictJSON.parse(text, source: "fuzz.json")
    return 0
}
