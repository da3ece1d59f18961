import SafeGridCore

/// The holiday calendar file reader of `safegrid calendar import`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    // Errors for bad files are expected; only crashes, hangs and sanitizer reports are findings.
    _ = try? HolidayCalendarFile(parsing: text, source: "fuzz.txt")
    return 0
}
