import Foundation
import PackagePlugin

/// Compiles `checklists/*.xml` and `checklists/schema/*.xsd` into the target as Swift
/// string literals, so the built-in checklists travel inside the binary.
@main
struct EmbedChecklists: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let checklists = context.package.directoryURL.appending(path: "checklists")
        let schema = checklists.appending(path: "schema")
        let manager = FileManager.default
        let xml = try manager.contentsOfDirectory(at: checklists, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "xml" }
        let xsd = try manager.contentsOfDirectory(at: schema, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "xsd" }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(xml.count) checklists and the checklist schema",
                executable: try context.tool(named: "safegrid-embed").url,
                arguments: [output.path, schema.path] + xml.map(\.path),
                inputFiles: xml + xsd,
                outputFiles: [output]
            )
        ]
    }
}
