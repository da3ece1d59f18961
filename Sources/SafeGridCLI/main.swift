import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridXML

// Entry point. Exit codes are part of the contract (CLI.md): 0 ok, 1 the input was wrong,
// 2 usage error, 3 the store could not be opened or written.
let arguments = GlobalOptions.movingGlobalOptionsToEnd(Array(CommandLine.arguments.dropFirst()))
var parsed: (any ParsableCommand)?
do {
    var command = try Safegrid.parseAsRoot(arguments)
    parsed = command
    try command.run()
} catch let error as SafeGridError {
    let language = (parsed as? any GlobalCommand)?.global.language ?? DisplayLanguage(locale: ProcessInfo.processInfo.environment["LANG"])
    Output.error(language.pick("错误：", "error: ") + error.message.resolved(for: language) + " [\(error.code)]")
    exit(ExitStatus.of(error))
} catch let error as ChecklistImportError {
    let language = (parsed as? any GlobalCommand)?.global.language ?? DisplayLanguage(locale: ProcessInfo.processInfo.environment["LANG"])
    for diagnostic in error.diagnostics { Output.error(diagnostic.formatted(language)) }
    exit(ExitStatus.invalidInput)
} catch {
    if Safegrid.exitCode(for: error) == .validationFailure {
        Output.error(Safegrid.fullMessage(for: error))
        exit(ExitStatus.usage)
    }
    Safegrid.exit(withError: error)
}
