import Foundation
import PackagePlugin

/// Compiles data files into a target as Swift string literals, so they travel inside the binary:
/// `checklists/*.xml` and `checklists/schema/*.xsd` into SafeGridXML, `calendars/*.txt` into
/// SafeGridEngine.
@main
struct EmbedData: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        func files(in folder: URL, ending suffix: String) throws -> [URL] {
            try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == suffix }
                .sorted { $0.path < $1.path }
        }
        var arguments: [String] = []
        var inputs: [URL] = []
        switch target.name {
        case "SafeGridXML":
            let checklists = root.appending(path: "checklists")
            let schema = checklists.appending(path: "schema")
            let xml = try files(in: checklists, ending: "xml")
            inputs = xml + (try files(in: schema, ending: "xsd"))
            arguments = ["--schema-dir", schema.path] + xml.flatMap { ["--checklist", $0.path] }
        case "SafeGridEngine":
            let calendars = try files(in: root.appending(path: "calendars"), ending: "txt")
            inputs = calendars
            arguments = calendars.flatMap { ["--calendar", $0.path] }
        default:
            return []
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) data files into \(target.name)",
                executable: try context.tool(named: "safegrid-embed").url,
                arguments: [output.path] + arguments,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
