// libFuzzer's driver, from the toolchain's libclang_rt.fuzzer (linked by -sanitize=fuzzer).
// SwiftPM links an executable's main as MODULE_main (--defsym main=MODULE_main), so a target
// without a main does not link; each fuzz target's main.swift calls this driver instead.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
