extension String {
    /// The text made safe inside HTML or XML, as element content or a quoted attribute value:
    /// `& < > " '` become references, and characters XML 1.0 forbids (C0 controls other than
    /// tab, newline and carriage return; U+FFFE, U+FFFF) become U+FFFD, so a hostile name can
    /// neither open markup nor make the file unreadable.
    public var markupEscaped: String {
        // Most texts hold nothing to escape: checked byte by byte, they are taken whole. 0xEF
        // leads U+FFFE and U+FFFF (and other characters, which take the slow way).
        let plain = !utf8.contains { byte in
            switch byte {
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): false
            case 0..<0x20, 0xEF, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
            default: false
            }
        }
        if plain { return self }
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
