/// Reads the compact JSON that ``CanonicalWriter`` writes (an event's canonical form) into plain
/// values, without Foundation's JSONDecoder: a store reads an event's form back for every fold
/// and a bundle for every event it carries, and the decoder's generic machinery was most of that
/// cost. Accepts any JSON text; numbers must be integers (canonical forms hold no others).
struct CanonicalReader {
    /// A JSON value of a canonical form.
    enum Value {
        /// Fields in the order written (a canonical form has a dozen: a list beats hashing).
        case object([(key: String, value: Value)])
        case array([Value])
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null

        var string: String? { if case .string(let text) = self { text } else { nil } }
        var integer: Int64? { if case .integer(let number) = self { number } else { nil } }
        var object: Fields? { if case .object(let fields) = self { Fields(fields) } else { nil } }
        var array: [Value]? { if case .array(let items) = self { items } else { nil } }
    }

    /// An object's fields, looked up by key.
    struct Fields: Sequence {
        let pairs: [(key: String, value: Value)]

        init(_ pairs: [(key: String, value: Value)]) { self.pairs = pairs }

        subscript(key: String) -> Value? { pairs.first { $0.key == key }?.value }

        func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> { pairs.makeIterator() }
    }

    struct Malformed: Error {
        var offset: Int
    }

    /// The value of the whole text.
    static func value(of bytes: some Collection<UInt8>) throws(Malformed) -> Value {
        let buffer = Array(bytes)
        var reader = CanonicalReader(bytes: buffer)
        let value = try reader.value()
        reader.skipSpace()
        guard reader.offset == buffer.count else { throw Malformed(offset: reader.offset) }
        return value
    }

    private let bytes: [UInt8]
    private var offset = 0

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == byte else { throw Malformed(offset: offset) }
        offset += 1
    }

    private mutating func value() throws(Malformed) -> Value {
        skipSpace()
        guard offset < bytes.count else { throw Malformed(offset: offset) }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            offset += 1
            var fields: [(key: String, value: Value)] = []
            fields.reserveCapacity(16)
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") { offset += 1; return .object(fields) }
            while true {
                skipSpace()
                let key = try string()
                try expect(UInt8(ascii: ":"))
                fields.append((key, try value()))
                skipSpace()
                guard offset < bytes.count else { throw Malformed(offset: offset) }
                if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                try expect(UInt8(ascii: "}"))
                return .object(fields)
            }
        case UInt8(ascii: "["):
            offset += 1
            var items: [Value] = []
            skipSpace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") { offset += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                guard offset < bytes.count else { throw Malformed(offset: offset) }
                if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        default:
            return .integer(try integer())
        }
    }

    private mutating func word(_ text: StaticString) throws(Malformed) {
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        guard offset + expected.count <= bytes.count, bytes[offset..<offset + expected.count].elementsEqual(expected) else {
            throw Malformed(offset: offset)
        }
        offset += expected.count
    }

    private mutating func integer() throws(Malformed) -> Int64 {
        let start = offset
        var negative = false
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { negative = true; offset += 1 }
        var magnitude: UInt64 = 0
        var digits = 0
        while offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9") {
            let (times, overflowTimes) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(UInt64(bytes[offset] - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { throw Malformed(offset: start) }
            magnitude = sum
            offset += 1
            digits += 1
        }
        guard digits > 0 else { throw Malformed(offset: start) }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Malformed(offset: start) }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Malformed(offset: start) }
        return Int64(magnitude)
    }

    private mutating func string() throws(Malformed) -> String {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw Malformed(offset: offset) }
        offset += 1
        let start = offset
        // Most strings have no escapes: one scan, one copy.
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\") {
            guard bytes[offset] >= 0x20 else { throw Malformed(offset: offset) }
            offset += 1
        }
        guard offset < bytes.count else { throw Malformed(offset: offset) }
        if bytes[offset] == UInt8(ascii: "\"") {
            offset += 1
            return try utf8(bytes[start..<offset - 1])
        }
        var scalars: [UInt8] = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try utf8(scalars[...])
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { throw Malformed(offset: offset) }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        try expect(UInt8(ascii: "\\"))
                        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "u") else { throw Malformed(offset: offset) }
                        offset += 1
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Malformed(offset: offset) }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw Malformed(offset: offset) }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw Malformed(offset: offset - 1)
                }
            default:
                guard byte >= 0x20 else { throw Malformed(offset: offset - 1) }
                scalars.append(byte)
            }
        }
        throw Malformed(offset: offset)
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw Malformed(offset: offset) }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Malformed(offset: offset)
            }
            code = code << 4 | digit
            offset += 1
        }
        return code
    }

    private func utf8(_ slice: some Collection<UInt8>) throws(Malformed) -> String {
        let text = String(decoding: slice, as: UTF8.self)
        // Invalid UTF-8 would decode with replacement characters, and so not to the same bytes;
        // ASCII (ids, codes, times) is valid as it stands.
        guard slice.allSatisfy({ $0 < 0x80 }) || text.utf8.elementsEqual(slice) else { throw Malformed(offset: offset) }
        return text
    }
}
