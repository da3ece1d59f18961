import Foundation

/// Writes the compact, fixed-order JSON that SafeGrid hashes (checklist content hashes, the
/// event chain). A class, so the nested closures that write fields share one buffer.
final class CanonicalWriter {
    // Unchecked: a writer lives inside one call and is never shared, and the run-time
    // exclusivity check on every append was a third of the cost of an event's form.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) private var needsComma = false

    init() {
        // An event's form is a few hundred bytes: one allocation instead of several regrowths.
        bytes.reserveCapacity(512)
    }

    func object(_ body: () -> Void) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body()
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    func array<T>(_ elements: [T], _ body: (T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for element in elements {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            body(element)
            needsComma = true
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    func field(_ key: String, _ value: () -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        value()
        needsComma = true
    }

    func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Most text needs no escaping: one scan, one copy.
            guard utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array(#"\u00"#.utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0f)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    func number(_ value: Double) {
        bytes.append(contentsOf: Array(value.description.utf8))
        needsComma = true
    }

    func decimal(_ value: Decimal) {
        bytes.append(contentsOf: Array(value.description.utf8))
        needsComma = true
    }

    func integer(_ value: Int64) {
        // Digits written from the end of a small buffer and copied at once: times are integers
        // in every event, and a String per number was a large part of an event's form.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var magnitude = value.magnitude
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
        needsComma = true
    }

    func bool(_ value: Bool) {
        bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
        needsComma = true
    }

    func text(_ text: LocalizedText) {
        object {
            for tag in text.variants.keys.sorted() {
                field(tag) { string(text.variants[tag] ?? "") }
            }
        }
    }
}
