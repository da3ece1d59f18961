import Foundation
import SafeGridCore
import SafeGridXML
import Testing

/// What an embedder reads must hold: every Swift example in the documentation is code that the
/// build compiles, every link and path the README and docs/ give is in the repository, and the
/// checklist shown in docs/CHECKLIST-FORMAT.md is one SafeGrid accepts.
@Suite("Documentation")
struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Files under `folder` (relative to the root) whose names end in one of `suffixes`, skipping
    /// hidden folders such as `.build`.
    static func files(under folder: String, endingIn suffixes: [String]) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return [] }
        return walker.compactMap { ($0 as? URL)?.path }.filter { path in suffixes.contains { path.hasSuffix($0) } }
            .map { String($0.dropFirst(root.path.count + 1)) }.sorted()
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8).components(separatedBy: "\n")
    }

    /// A fenced code block: where it starts and its lines, trimmed.
    struct Block {
        var place: String
        var lines: [String]
    }

    /// The fenced blocks in `language` of a Markdown file, or of a Swift file's `///` comments.
    static func blocks(in path: String, language: String) throws -> [Block] {
        var found: [Block] = []
        var current: Block?
        for (index, raw) in try lines(path).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if path.hasSuffix(".swift") {
                guard line.hasPrefix("///") else { continue }
                line = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            }
            if current == nil, line == "```" + language {
                current = Block(place: "\(path):\(index + 1)", lines: [])
            } else if current != nil, line == "```" {
                found.append(current!)
                current = nil
            } else {
                current?.lines.append(line)
            }
        }
        return found
    }

    /// Where documentation lives: doc comments, DocC catalogs, the README and docs/.
    static var documentation: [String] {
        ["README.md"] + files(under: "docs", endingIn: [".md"]) + files(under: "Sources", endingIn: [".swift", ".md"])
            + files(under: "exporters", endingIn: [".swift", ".md"])
    }

    @Test("every Swift example in the documentation is, line for line, in a file the build compiles")
    func swiftExamplesAreBuilt() throws {
        // Snippets and the example package are built by scripts/test, the tests by swift build --build-tests.
        let built = try (Self.files(under: "Snippets", endingIn: [".swift"]) + Self.files(under: "Examples", endingIn: [".swift"])
            + Self.files(under: "Tests", endingIn: [".swift"])).map { path in
                (path, try Self.lines(path).map { $0.trimmingCharacters(in: .whitespaces) })
            }
        var examples = 0
        for path in Self.documentation {
            for block in try Self.blocks(in: path, language: "swift") {
                examples += 1
                let home = built.first { _, lines in
                    lines.count >= block.lines.count
                        && (0...(lines.count - block.lines.count)).contains { start in Array(lines[start..<(start + block.lines.count)]) == block.lines }
                }
                #expect(home != nil, "\(block.place): this example is not in any file the build compiles (Snippets/, Examples/, Tests/); put it in a snippet and copy it from there")
            }
        }
        #expect(examples >= 25, "the examples were found (\(examples))")
    }

    @Test("every link and repository path in README.md and docs/ resolves inside the repository")
    func linksResolve() throws {
        let topLevel = Set(try FileManager.default.contentsOfDirectory(atPath: Self.root.path))
        let link = /\]\(([^)\s]+)\)/
        let quotedPath = /`([A-Za-z][A-Za-z0-9_.\-]*\/[A-Za-z0-9_.\-\/]*)`/
        var checked = 0
        for path in ["README.md"] + Self.files(under: "docs", endingIn: [".md"]) {
            let folder = Self.root.appendingPathComponent(path).deletingLastPathComponent()
            for (index, line) in try Self.lines(path).enumerated() {
                let place = "\(path):\(index + 1)"
                #expect(!line.contains("shared/design") && !line.contains("shared/reference") && !line.contains("../shared"),
                        "\(place): names a file outside the repository")
                for match in line.matches(of: link) {
                    var target = String(match.1)
                    if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") { continue }
                    if let anchor = target.firstIndex(of: "#") { target = String(target[..<anchor]) }
                    if target.isEmpty { continue }
                    let resolved = folder.appendingPathComponent(target).standardizedFileURL.path
                    checked += 1
                    #expect(resolved.hasPrefix(Self.root.standardizedFileURL.path + "/"), "\(place): \(target) points outside the repository")
                    #expect(FileManager.default.fileExists(atPath: resolved), "\(place): \(target) does not exist")
                }
                // A path in backquotes that starts at a top-level folder of the repository is a
                // reference too: `Sources/SafeGridSQLite/Schema.swift`.
                for match in line.matches(of: quotedPath) {
                    let target = String(match.1)
                    guard let first = target.split(separator: "/").first, topLevel.contains(String(first)) else { continue }
                    checked += 1
                    #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(target).path), "\(place): `\(target)` does not exist")
                }
            }
        }
        #expect(checked >= 20, "the links were found (\(checked))")
    }

    @Test("the design documents the README relies on are in docs/")
    func designDocumentsArePresent() throws {
        let readme = try Self.lines("README.md").joined(separator: "\n")
        for name in ["ARCHITECTURE", "DOMAIN", "CHECKLIST-FORMAT", "CLI", "BUNDLE"] {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("docs/\(name).md").path), "docs/\(name).md")
            #expect(readme.contains("(docs/\(name).md)"), "README links docs/\(name).md")
        }
    }

    @Test("the README's package lines name the public URL and library products the package has")
    func packageLinesAreAManifest() throws {
        let readme = try Self.lines("README.md")
        let heading = try #require(readme.firstIndex(of: "## Use SafeGrid from your package"))
        let open = try #require(readme[heading...].firstIndex(of: "```"))
        let close = try #require(readme[(open + 1)...].firstIndex(of: "```"))
        let lines = readme[(open + 1)..<close]
        #expect(lines.contains { $0.contains(".package(url: \"https://github.com/safegrid/SafeGrid\", from: ") })
        // Every product named is a library of this package.
        let manifest = try Self.lines("Package.swift").joined(separator: "\n")
        let named = lines.joined(separator: "\n").matches(of: /\.product\(name: "([A-Za-z]+)", package: "SafeGrid"\)/).map { String($0.1) }
        #expect(named.count >= 4)
        for name in named { #expect(manifest.contains(".library(name: \"\(name)\""), "\(name) is a library product") }
        // scripts/check-docs puts the lines in a manifest and has SwiftPM read it.
    }

    @Test("the checklist in docs/CHECKLIST-FORMAT.md is accepted by the importer")
    func checklistFormatExampleImports() throws {
        let blocks = try Self.blocks(in: "docs/CHECKLIST-FORMAT.md", language: "xml")
        #expect(blocks.count == 1)
        for block in blocks {
            let checklist = try ChecklistImporter().importChecklist(Array(block.lines.joined(separator: "\n").utf8), source: block.place)
            #expect(checklist.id == "night-market-extra" && checklist.items.map(\.id) == ["NM-01", "NM-02"])
        }
    }
}
