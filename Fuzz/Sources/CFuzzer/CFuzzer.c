// Only the header matters: LLVMFuzzerRunDriver is libFuzzer's.
#include "CFuzzer.h"
