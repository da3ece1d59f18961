import Foundation
import Testing

/// Hostile checklist files through the real binary: refused with exit 1 and a
/// `FILE:LINE:COLUMN: error:` line, nothing of a referenced file in the output, and a peak
/// memory under 64 MiB.
@Suite("safegrid checklist validate on hostile files")
struct HostileChecklistTests {
    static let peakLimitKiB = 64 * 1024

    /// A secret the hostile files try to read; it must never be printed.
    static let secret = "SAFEGRID-SECRET-\(UUID().uuidString)"

    static func hostileFiles(in directory: URL) throws -> [(name: String, url: URL)] {
        let secretFile = directory.appendingPathComponent("secret.txt")
        try secret.write(to: secretFile, atomically: true, encoding: .utf8)
        let head = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let root = #"<checklist xmlns="urn:safegrid:checklist:1" id="x" version="1.0.0" category="fire">"#
        var files: [(String, String)] = [
            ("billion-laughs", head + """
                <!DOCTYPE checklist [
                  <!ENTITY a "aaaaaaaaaa">
                  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
                  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
                  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
                  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
                  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
                  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
                  <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
                  <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
                ]>
                \(root)<title xml:lang="en">&i;</title></checklist>
                """),
            ("external-file-entity", head + """
                <!DOCTYPE checklist [<!ENTITY x SYSTEM "file://\(secretFile.path)">]>
                \(root)<title xml:lang="en">&x;</title></checklist>
                """),
            ("external-http-entity", head + """
                <!DOCTYPE checklist [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>
                \(root)<title xml:lang="en">&x;</title></checklist>
                """),
            ("external-dtd", head + "<!DOCTYPE checklist SYSTEM \"file://\(secretFile.path)\">\n\(root)</checklist>"),
            ("parameter-entity", head + """
                <!DOCTYPE checklist [<!ENTITY % p SYSTEM "file://\(secretFile.path)"> %p;]>
                \(root)</checklist>
                """),
            ("quadratic-blowup", head + "<!DOCTYPE checklist [<!ENTITY q \"\(String(repeating: "x", count: 100_000))\">]>\n"
                + root + "<title xml:lang=\"en\">" + String(repeating: "&q;", count: 50_000) + "</title></checklist>"),
            ("deep-nesting", head + root + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</checklist>"),
        ]
        files.append(("huge-attribute", head + root.replacingOccurrences(of: "category=\"fire\"", with: "category=\"" + String(repeating: "a", count: 20_000_000) + "\"") + "</checklist>"))
        return try files.map { name, text in
            let url = directory.appendingPathComponent("\(name).xml")
            try Data(text.utf8).write(to: url)
            return (name, url)
        } + [(name: "thirty-megabytes", url: try thirtyMegabyteFile(in: directory))]
    }

    /// A schema-valid checklist of ~30 MB: only the size limit refuses it.
    static func thirtyMegabyteFile(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("thirty-megabytes.xml")
        var text = #"<?xml version="1.0" encoding="UTF-8"?><checklist xmlns="urn:safegrid:checklist:1" id="big" version="1.0.0" category="fire"><title xml:lang="en">Big</title><section id="s"><title xml:lang="en">S</title>"#
        var index = 0
        while text.utf8.count < 30_000_000 {
            text += #"<item id="I-\#(index)" severity="minor" deadline="7d"><prompt xml:lang="en">Check number \#(index) of a very large generated checklist</prompt></item>"#
            index += 1
        }
        text += "</section></checklist>"
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("every hostile file is refused cheaply, with a position and without leaking the file")
    func hostile() throws {
        let directory = try SafegridProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, url) in try Self.hostileFiles(in: directory) {
            let result = try SafegridProcess.run(["checklist", "validate", "--lang", "en", url.path], measureMemory: true)
            #expect(result.status == 1, "\(name): exit \(result.status)")
            let pattern = "\(url.path):[0-9]+:[0-9]+: error: "
            #expect(result.stderr.range(of: pattern, options: .regularExpression) != nil, "\(name): \(result.stderr.prefix(300))")
            #expect(!(result.stdout + result.stderr).contains(Self.secret), "\(name) leaked the referenced file")
            let peak = try #require(result.peakKiB, "\(name): no memory figure")
            #expect(peak < Self.peakLimitKiB, "\(name): peak \(peak) KiB")
        }
    }
}
