/// Turns byte offsets in a UTF-8 document into 1-based lines and columns, columns counted
/// in Unicode characters, as libxml2 counts them.
struct SourcePositions {
    private let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The line and column of each offset, in one pass up to the largest.
    func lineColumns(at offsets: [Int]) -> [Int: (line: Int, column: Int)] {
        var result: [Int: (line: Int, column: Int)] = [:]
        var targets = Array(Set(offsets.map { min(max($0, 0), bytes.count) })).sorted()[...]
        var line = 1
        var column = 1
        // A UTF-8 byte order mark is not a character of the first line.
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while let next = targets.first {
            while index < next {
                let byte = bytes[index]
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                index += 1
            }
            result[next] = (line, column)
            targets.removeFirst()
        }
        return result
    }
}
