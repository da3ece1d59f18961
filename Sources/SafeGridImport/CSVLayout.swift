/// Where each record and field of CSV text starts, and whether its quoting is well formed
/// (RFC 4180). CSV.swift reads the fields but counts no lines and takes malformed quoting
/// without a word (an unclosed quote runs to the end of the file), so this walk comes first:
/// it reads no values, only places.
struct CSVLayout {
    /// A place in the text: 1-based line, and 1-based column counted in Unicode scalars (which
    /// are characters, but for combining marks and emoji sequences).
    struct Place: Hashable {
        var line: Int
        var column: Int
    }

    /// Quoting that RFC 4180 does not allow, and where.
    enum Flaw: Error {
        /// A quoted field runs to the end of the file; at its opening quote.
        case unclosedQuote(Place, record: Int, field: Int)
        /// Text between a closing quote and the next comma or line break.
        case textAfterQuote(Place, record: Int, field: Int)
        /// A quote inside a field that does not start with one.
        case strayQuote(Place, record: Int, field: Int)
    }

    /// Each record's fields' starting places, blank lines included (CSV.swift returns them
    /// as records of one empty field).
    private(set) var records: [[Place]] = []

    /// Walks `text` (without its byte order mark).
    init(_ text: String) throws(Flaw) {
        var line = 1
        var column = 1
        var fields: [Place] = []
        var fieldStart = Place(line: 1, column: 1)
        var atFieldStart = true
        var inQuotes = false
        var afterClosingQuote = false
        // Unicode scalars, as CSV.swift reads them, so both split the text at the same places.
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            let here = Place(line: line, column: column)
            let isBreak = scalar == "\n" || scalar == "\r"
            if isBreak {
                // CRLF is one line break.
                if scalar == "\r" {
                    pending = scalars.next()
                    if pending == "\n" { pending = nil }
                }
                line += 1
                column = 1
            } else {
                column += 1
            }
            if atFieldStart {
                fieldStart = here
                atFieldStart = false
                if scalar == "\"" {
                    inQuotes = true
                    continue
                }
            }
            if inQuotes {
                guard scalar == "\"" else { continue }
                let next = scalars.next()
                if next == "\"" {
                    column += 1
                } else {
                    inQuotes = false
                    afterClosingQuote = true
                    pending = next
                }
                continue
            }
            if scalar == "," {
                fields.append(fieldStart)
                atFieldStart = true
                afterClosingQuote = false
            } else if isBreak {
                fields.append(fieldStart)
                records.append(fields)
                fields = []
                atFieldStart = true
                afterClosingQuote = false
            } else if afterClosingQuote {
                throw .textAfterQuote(here, record: records.count, field: fields.count)
            } else if scalar == "\"" {
                throw .strayQuote(here, record: records.count, field: fields.count)
            }
        }
        if inQuotes { throw .unclosedQuote(fieldStart, record: records.count, field: fields.count) }
        // The last record, unless the text ends with a line break (or is empty).
        if !atFieldStart || !fields.isEmpty {
            // After a final comma, an empty field where the text ends.
            fields.append(atFieldStart ? Place(line: line, column: column) : fieldStart)
            records.append(fields)
        }
    }
}
