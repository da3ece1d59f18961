/// The web app's form parsing (`safegrid serve`): URL-encoded forms and multipart uploads.
/// Input: the boundary on the first line, then the multipart body; the whole input is also
/// read as a URL-encoded form.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    _ = WebForm.parseURLEncoded(String(decoding: bytes, as: UTF8.self))
    // WebForm.read takes boundaries of 1 to 200 characters from the Content-Type header.
    if let newline = bytes.firstIndex(of: 10), (1...200).contains(newline) {
        let boundary = String(decoding: bytes[..<newline], as: UTF8.self)
        // A refused form is the expected outcome; only crashes, hangs and sanitizer reports are findings.
        _ = try? WebForm.parseMultipart(Array(bytes[(newline + 1)...]), boundary: boundary)
    }
    return 0
}
