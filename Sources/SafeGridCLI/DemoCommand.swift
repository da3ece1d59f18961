import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid demo` (placeholder until the demo data lands).
struct DemoCommand: GlobalCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Build a demonstration store and write its reports.")
    @OptionGroup var global: GlobalOptions
    func run() throws {}
}
