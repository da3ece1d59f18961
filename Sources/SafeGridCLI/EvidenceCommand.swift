import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid evidence path`.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "The evidence files kept with the store (证据文件): photos and replies, named by SHA-256.",
        discussion: """
            Evidence given with a finding (responses "evidence"), a rectification
            report or a re-inspection (--evidence FILE) is copied into the store's
            evidence folder, PATH.evidence/ab/abcdef… (the file's full SHA-256 in hex,
            under its first two digits). safegrid verify checks that every kept file
            still has its hash.
            """,
        subcommands: [Path.self]
    )

    struct Path: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the path of the kept file with this SHA-256 (or a unique prefix of 8 or more hex digits).",
            discussion: """
                Exits 1 when no kept file has the hash, or several start with the prefix.

                Examples:
                  safegrid evidence path 3fa94c0e                     # as hazard show prints it
                  xdg-open "$(safegrid evidence path 3fa94c0e)"
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The SHA-256 (64 hex digits) or its first 8 or more.", valueName: "hash")) var hash: String

        func validate() throws {
            guard (8...64).contains(hash.count), hash.allSatisfy(\.isHexDigit) else {
                throw ValidationError("'\(hash)' is not a SHA-256 or a prefix of at least 8 hex digits")
            }
        }

        func run() throws {
            let context = try Context.open(global)
            let store = context.evidenceStore
            let prefix = hash.lowercased()
            let found = try store.hashes(startingWith: prefix)
            guard !found.isEmpty else {
                throw SafeGridError(
                    .notFound, chinese: "证据文件夹中没有哈希为 \(prefix) 的文件",
                    english: "no evidence file with the hash \(prefix) is kept in the store's evidence folder", context: ["evidence": prefix])
            }
            guard found.count == 1 else {
                let list = found.map(\.hex).joined(separator: ", ")
                throw SafeGridError.invalidInput(
                    "the prefix \(prefix) matches \(found.count) evidence files: \(list); give more digits",
                    chinese: "前缀 \(prefix) 对应 \(found.count) 个证据文件：\(list)；请多给几位", context: ["evidence": prefix])
            }
            Output.line(store.location(of: found[0]))
        }
    }
}
