import CFuzzer
#if canImport(Glibc)
import Glibc
#endif

// Every fuzz target's main.swift (a symlink to this file): libFuzzer's driver, with the target's
// arguments (-max_total_time, the corpus, ...), calling the target's `fuzz` on each input.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    // libFuzzer may pass no pointer for an empty input.
    guard let data else { return withUnsafeBytes(of: 0) { fuzz($0.baseAddress!, 0) } }
    return fuzz(UnsafeRawPointer(data), size)
})
