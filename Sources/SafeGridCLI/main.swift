import ArgumentParser
import Foundation

// Entry point. Exit codes are part of the contract (CLI.md): 0 ok, 1 the input was wrong,
// 2 usage error, 3 the store could not be opened or written.
let arguments = GlobalOptions.movingGlobalOptionsToEnd(Array(CommandLine.arguments.dropFirst()))
do {
    var command = try Safegrid.parseAsRoot(arguments)
    try command.run()
} catch {
    if Safegrid.exitCode(for: error) == .validationFailure {
        Output.error(Safegrid.fullMessage(for: error))
        exit(ExitStatus.usage)
    }
    Safegrid.exit(withError: error)
}
