import Foundation
@testable import SafeGridCLI
import SafeGridCore
import Testing

/// Evidence paths in the walk are read as a shell reads words, and Tab completes them the same way.
@Suite("Walk evidence paths: shell words and completion")
struct ShellWordsTests {
    @Test("spaces inside names: escaped, single-quoted, double-quoted; ~/ is home; nothing else is special")
    func split() throws {
        #expect(try ShellWords.split("") == [])
        #expect(try ShellWords.split("  a.jpg   b.png ") == ["a.jpg", "b.png"])
        #expect(try ShellWords.split(#"exit\ blocked.jpg 'night market.png' "a \"b\" c.jpg""#) == ["exit blocked.jpg", "night market.png", #"a "b" c.jpg"#])
        #expect(try ShellWords.split(#"it\'s.jpg "x\y.jpg" 'x\y.jpg' mid'dle name'.jpg"#) == ["it's.jpg", #"x\y.jpg"#, #"x\y.jpg"#, "middle name.jpg"])
        #expect(try ShellWords.split("夜市\\ 后门.jpg $HOME/*.jpg;") == ["夜市 后门.jpg", "$HOME/*.jpg;"])
        #expect(try ShellWords.split("~/a b.jpg '~/c.jpg'") == [NSHomeDirectory() + "/a", "b.jpg", "~/c.jpg"])
        #expect(throws: ShellWords.Unfinished(mark: "'")) { try ShellWords.split("'exit blocked.jpg") }
        #expect(throws: ShellWords.Unfinished(mark: "\"")) { try ShellWords.split("a.jpg \"b") }
        #expect(throws: ShellWords.Unfinished(mark: "\\")) { try ShellWords.split("a.jpg b\\") }
        #expect(ShellWords.Unfinished(mark: "'").message(.english).contains("not closed"))
        #expect(ShellWords.Unfinished(mark: "'").message(.chinese).contains("没有闭合"))
        // Whatever escape() writes, split() reads back as one word.
        for name in ["exit blocked.jpg", #"it's "x" \ y.jpg"#, "tab\there", "普通.jpg"] {
            #expect(try ShellWords.split("a " + ShellWords.escape(name)) == ["a", name])
        }
    }

    @Test("the last word: after escapes and inside quotes, or empty after a space")
    func lastWord() {
        #expect(ShellWords.lastWord(#"a.jpg exit\ b"#) == ShellWords.LastWord(head: "a.jpg ", text: "exit b", quote: nil))
        #expect(ShellWords.lastWord("a.jpg 'exit b") == ShellWords.LastWord(head: "a.jpg ", text: "exit b", quote: "'"))
        #expect(ShellWords.lastWord("a.jpg ") == ShellWords.LastWord(head: "a.jpg ", text: "", quote: nil))
    }

    @Test("Tab completes a name with spaces into one word, escaped or in its quotes")
    func completion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("night photos"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["exit blocked.png", "exit cleared.png", "it's.jpg"] { try Data().write(to: folder.appendingPathComponent(name)) }
        let base = folder.path + "/"
        #expect(PathCompletion.complete(base + "ex") == base + #"exit\ "#, "the shared prefix, its space escaped")
        #expect(PathCompletion.complete(base + #"exit\ b"#) == base + #"exit\ blocked.png"#)
        #expect(PathCompletion.complete("a.jpg '" + base + "exit c") == "a.jpg '" + base + "exit cleared.png'", "a unique file closes the quote")
        #expect(PathCompletion.complete("\"" + base + "ni") == "\"" + base + "night photos/", "a folder leaves it open")
        #expect(PathCompletion.complete(base + "ni") == base + #"night\ photos/"#)
        #expect(PathCompletion.complete("'" + base + "it") == base + #"it\'s.jpg"#, "a quote in the name: escaped instead")
        #expect(PathCompletion.complete(base + "zz") == base + "zz", "no match: unchanged")
        // What completion writes is the file's path again.
        #expect(try ShellWords.split(PathCompletion.complete("a.jpg " + base + #"exit\ b"#)) == ["a.jpg", base + "exit blocked.png"])
    }
}
