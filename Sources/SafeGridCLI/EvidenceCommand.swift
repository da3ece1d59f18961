import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid evidence path`.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: .zh("随数据存储保存的证据文件：照片和复函，以 SHA-256 命名。", en: "The evidence files kept with the store (证据文件): photos and replies, named by SHA-256."),
        discussion: .zh("""
            随发现（回答文件的 "evidence"）、整改复函或复查（--evidence 文件）给出的证据，复制到数据存储的证据文件夹：路径.evidence/ab/abcdef…（文件完整的十六进制 SHA-256，放在以其前两位命名的子文件夹下）。safegrid verify 检查每个保存的文件是否仍是原哈希。
            """, en: """
            Evidence given with a finding (responses "evidence"), a rectification report or a re-inspection (--evidence FILE) is copied into the store's evidence folder, PATH.evidence/ab/abcdef… (the file's full SHA-256 in hex, under its first two digits). safegrid verify checks that every kept file still has its hash.
            """),
        subcommands: [Path.self]
    )

    struct Path: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("输出 SHA-256 为此值（或以至少 8 位十六进制唯一前缀开头）的已保存文件的路径。", en: "Print the path of the kept file with this SHA-256 (or a unique prefix of 8 or more hex digits)."),
            discussion: .zh("""
                没有文件是这个哈希，或有多个文件以这个前缀开头时，退出码为 1。

                示例：
                  safegrid evidence path 3fa94c0e                     # 与 hazard show 的输出一致
                  xdg-open "$(safegrid evidence path 3fa94c0e)"
                """, en: """
                Exits 1 when no kept file has the hash, or several start with the prefix.

                Examples:
                  safegrid evidence path 3fa94c0e                     # as hazard show prints it
                  xdg-open "$(safegrid evidence path 3fa94c0e)"
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("SHA-256（64 位十六进制）或其前 8 位以上。", en: "The SHA-256 (64 hex digits) or its first 8 or more.", valueName: "hash")) var hash: String

        func validate() throws {
            guard (8...64).contains(hash.count), hash.allSatisfy(\.isHexDigit) else {
                throw ValidationError(.zh("'\(hash)' 不是 SHA-256，也不是至少 8 位十六进制的前缀", en: "'\(hash)' is not a SHA-256 or a prefix of at least 8 hex digits"))
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
