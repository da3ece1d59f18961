import Foundation
import Testing

@Suite("safegrid checklist")
struct ChecklistCommandTests {
    @Test("list shows the four built-ins with their item counts, from any directory")
    func list() throws {
        let elsewhere = try SafegridProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let result = try SafegridProcess.run(["checklist", "list", "--lang", "en"], in: elsewhere)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(rows.first?.first == "ID")
        let counts = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { (String($0[0]), Int($0[2]) ?? 0) })
        #expect(counts == ["electrical": 13, "fire-exits": 14, "grease-ducts": 13, "stage": 13])
    }

    @Test("list in Chinese by default and as JSON")
    func listChineseAndJSON() throws {
        let chinese = try SafegridProcess.run(["checklist", "list"])
        #expect(chinese.stdout.contains("安全出口与疏散"))
        #expect(chinese.stdout.hasPrefix("编号"))
        let json = try SafegridProcess.run(["--lang", "en", "checklist", "list", "--format", "json"])
        #expect(json.status == 0)
        let entries = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.count == 4)
        #expect(entries?.allSatisfy { ($0["contentHash"] as? String)?.count == 64 } == true)
    }

    @Test("show prints every item with severity, deadline and basis", arguments: [
        ("en", "Severity: ", "Deadline: ", "Basis: "), ("zh-CN", "严重程度：", "期限：", "依据："),
    ])
    func show(lang: String, severity: String, deadline: String, basis: String) throws {
        let result = try SafegridProcess.run(["checklist", "show", "fire-exits", "--lang", lang])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        for number in 1...14 {
            let id = String(format: "FE-%02d", number)
            #expect(lines.contains { $0.hasPrefix("  \(id)  ") }, "\(id) missing")
        }
        #expect(lines.filter { $0.contains(severity) && $0.contains(deadline) }.count == 14)
        // One line per basis, each with where it is law.
        #expect(lines.filter { $0.contains(basis) }.count == 56)
        #expect(result.stdout.contains("GB 35181-2025 第5章"))
        #expect(!result.stdout.contains("GB 35181-2017"))
        let never = lang == "en" ? "(reference, never on a notice)" : "（参考，不印入整改通知书）"
        #expect(lines.contains { $0.contains(basis + "OSHA 29 CFR 1910.36(d)" + (lang == "en" ? " " : "") + never) }, "\(result.stdout)")
        #expect(lines.contains { $0.contains(basis + "消防法 (2021) §28" + (lang == "en" ? " (national)" : "（全国）")) })
    }

    @Test("show as JSON carries the checklist and its content hash")
    func showJSON() throws {
        let result = try SafegridProcess.run(["checklist", "show", "stage", "--format", "json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let checklist = object?["checklist"] as? [String: Any]
        #expect(checklist?["id"] as? String == "stage")
        #expect((object?["contentHash"] as? String)?.count == 64)
    }

    @Test("show reads a checklist file too")
    func showFile() throws {
        let file = SafegridProcess.repository.appendingPathComponent("checklists/electrical.xml")
        let result = try SafegridProcess.run(["checklist", "show", file.path, "--lang", "en"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("(electrical 1.1.0)"))
    }

    @Test("show of an unknown id exits 1 and names the built-ins")
    func showUnknown() throws {
        let result = try SafegridProcess.run(["checklist", "show", "fire-exit", "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("No checklist 'fire-exit'"))
        #expect(result.stderr.contains("fire-exits"))
        #expect(result.stdout.isEmpty)
    }

    @Test("validate accepts the built-in files and reports their hashes")
    func validateBuiltins() throws {
        let files = ["electrical", "fire-exits", "grease-ducts", "stage"].map {
            SafegridProcess.repository.appendingPathComponent("checklists/\($0).xml").path
        }
        let result = try SafegridProcess.run(["checklist", "validate", "--lang", "en"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 4)
        #expect(result.stdout.contains("fire-exits 1.1.0, 14 items"))
    }

    @Test("validate prints FILE:LINE:COLUMN for every problem and exits 1")
    func validateBad() throws {
        let directory = try SafegridProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.xml")
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <checklist xmlns="urn:safegrid:checklist:1" id="x" version="1.0.0" category="fire">
              <title xml:lang="en">X</title>
              <section id="s">
                <title xml:lang="en">S</title>
                <item id="A" severity="huge" deadline="7x">
                  <prompt xml:lang="en">P</prompt>
                </item>
              </section>
            </checklist>
            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try SafegridProcess.run(["checklist", "validate", "--lang", "en", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file.path):6:18: error:"))
        #expect(result.stderr.contains("[invalid-severity]"))
        #expect(result.stderr.contains("[invalid-deadline]"))
        let json = try SafegridProcess.run(["checklist", "validate", "--format", "json", file.path])
        #expect(json.status == 1)
        let reports = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let codes = (reports?.first?["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes == ["invalid-severity", "invalid-deadline"])
    }

    @Test("usage errors exit 2", arguments: [["checklist", "validate"], ["checklist", "list", "--bogus"], ["nonsense"], ["checklist", "list", "--lang", "fr"]])
    func usage(arguments: [String]) throws {
        let result = try SafegridProcess.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("help and version exit 0")
    func helpAndVersion() throws {
        let help = try SafegridProcess.run(["checklist", "validate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("示例："))
        #expect(try SafegridProcess.run(["--version"]).status == 0)
    }
}
