import SafeGridImport

/// The area file reader of `safegrid area import`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    // Errors for bad files are expected; only crashes, hangs and sanitizer reports are findings.
    _ = try? CSVImport.areas(text, source: "fuzz.csv")
    return 0
}
