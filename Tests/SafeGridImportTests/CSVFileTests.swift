import SafeGridCore
import SafeGridImport
import Testing

/// The reader the importers share: where each field starts, through quoted line breaks, doubled
/// quotes, CRLF and a byte order mark, and the error every problem becomes.
@Suite("CSVFile: fields and their places")
struct CSVFileTests {
    @Test("places count lines through quoted line breaks and columns in characters, the byte order mark not counted")
    func places() throws {
        let text = "\u{FEFF}A, b ,C\r\n\"x\"\"y\",\"多\r\n行\",z\r\n\r\n甲乙,,\"丙\""
        let file = try CSVFile(parsing: text, source: "t.csv", required: ["a", "b"])
        #expect(file.header == ["a", "b", "c"])
        #expect(file.rows.map(\.line) == [2, 5])
        let first = file.rows[0]
        #expect(first["a"] == "x\"y" && first["b"] == "多\r\n行" && first["c"] == "z")
        #expect(first.place(of: "a") == (2, 1) && first.place(of: "b") == (2, 8) && first.place(of: "c") == (3, 4))
        let second = file.rows[1]
        #expect(second["a"] == "甲乙" && second["b"] == "" && second["c"] == "丙")
        #expect(second.place(of: "b") == (5, 4) && second.place(of: "c") == (5, 5))
        #expect(second["missing"] == "")
        // A file that ends after a comma, with no line break: an empty last field there.
        let open = try CSVFile(parsing: "a,b\n1,", source: "t.csv", required: [])
        #expect(open.rows.count == 1 && open.rows[0]["b"] == "" && open.rows[0].place(of: "b") == (2, 3))
    }

    @Test("an error names FILE:LINE:COLUMN and the column in both languages, and carries them in its context")
    func errors() throws {
        let file = try CSVFile(parsing: "id,name\nV1,  老王烧烤\n", source: "v.csv", required: ["id"])
        let error = file.error(file.rows[0], "name", english: "too long", chinese: "太长")
        #expect(error.code == .invalidCSV)
        #expect(error.message.resolved(for: .english) == "v.csv:2:4: column 'name': too long")
        #expect(error.message.resolved(for: .chinese) == "v.csv:2:4：“name”列：太长")
        #expect(error.context == ["file": "v.csv", "line": "2", "column": "4", "field": "name"])
        #expect(file.rows[0]["name"] == "老王烧烤", "fields are trimmed")
    }

    @Test("malformed quoting is refused where it is; in the header, without a column name", arguments: [
        ("a,\"b\nc,d\n", "t.csv:1:3: a quoted field is not closed"),
        ("a,b\n1,\"2\"3\n", "t.csv:2:6: column 'b': text after a closing quote"),
        ("a,b\n1,2\"3\n", "t.csv:2:4: column 'b': a quote inside a field that does not start with one"),
        ("a,b\n1,2,3\n", "t.csv:2:5: this row has 3 fields; the header has 2 (a,b)"),
        ("a,b\n1\n", "t.csv:2:1: this row has 1 field; the header has 2 (a,b)"),
    ])
    func malformed(text: String, english: String) {
        #expect {
            _ = try CSVFile(parsing: text, source: "t.csv", required: [])
        } throws: { error in
            guard let error = error as? SafeGridError else { return false }
            return error.code == .invalidCSV && error.message.resolved(for: .english).hasPrefix(english)
        }
    }
}
