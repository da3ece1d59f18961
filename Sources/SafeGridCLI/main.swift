import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridXML

// Entry point. Exit codes are part of the contract (CLI.md): 0 ok, 1 the input was wrong,
// 2 usage error, 3 the store could not be opened or written.
let arguments = GlobalOptions.movingGlobalOptionsToEnd(Array(CommandLine.arguments.dropFirst()))
let language = CommandLanguage.current
do {
    var command = try Safegrid.parseAsRoot(arguments)
    try command.run()
    try Output.finish()
} catch let error as SafeGridError {
    // A message that still carries a UTC time (from code that knows no time zone) says it in
    // station time, with the station's offset.
    let stationTime = (try? Context.stationTime(ProcessInfo.processInfo.environment)) ?? .shanghai
    let message = stationTime.rewritingUTCTimes(error.message.resolved(for: language))
    Output.error(language.pick("错误：", "error: ") + message + " [\(error.code)]")
    exit(ExitStatus.of(error))
} catch let error as ChecklistImportError {
    for diagnostic in error.diagnostics { Output.error(diagnostic.formatted(language)) }
    exit(ExitStatus.invalidInput)
} catch {
    // Help, usage errors and the rest of argument-parser's text: asked for unwrapped, then
    // translated and wrapped once to the terminal (HelpText).
    let code = Safegrid.exitCode(for: error)
    let text = Safegrid.fullMessage(for: error, columns: HelpText.unwrapped)
    if code == .success {
        Output.line(HelpText.isHelp(text) ? HelpText.help(text, language, width: HelpText.width) : text)
        exit(ExitStatus.ok)
    }
    if !text.isEmpty { Output.error(HelpText.error(text, language, width: HelpText.width)) }
    exit(code == .validationFailure ? ExitStatus.usage : code.rawValue)
}
