internal import CLibXML2
import Foundation

/// The checklist XML Schema, compiled once and shared read-only by every validation.
///
/// libxml2 allows one compiled schema to serve concurrent validations, each with its own
/// validation context, so the handle is safe to share; it is freed with its owner.
final class CompiledSchema: @unchecked Sendable {
    let handle: xmlSchemaPtr

    /// Compiles the schema embedded in the binary.
    /// - Throws: a description of what libxml2 reported, if the embedded schema does not
    ///   compile (a build defect, never a user error).
    init() throws(SchemaCompileError) {
        xmlInitParser()
        guard ValidatingSchema.text != nil else {
            throw SchemaCompileError(messages: ["checklist.xsd no longer has the constraints its validating copy leaves to the parse session"])
        }
        _ = EmbeddedSchemaLoader.registration
        guard let parser = xmlSchemaNewParserCtxt(EmbeddedSchemaLoader.url(for: "checklist.xsd")) else {
            throw SchemaCompileError(messages: ["out of memory creating the schema parser"])
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        let messages = MessageCollector()
        let collector = Unmanaged.passUnretained(messages).toOpaque()
        xmlSchemaSetParserStructuredErrors(parser, { context, error in
            guard let context, let error else { return }
            Unmanaged<MessageCollector>.fromOpaque(context).takeUnretainedValue().add(error.pointee)
        }, collector)
        guard let schema = xmlSchemaParse(parser) else {
            throw SchemaCompileError(messages: messages.messages)
        }
        handle = schema
    }

    deinit { xmlSchemaFree(handle) }
}

/// The embedded checklist schema failed to compile.
struct SchemaCompileError: Error, CustomStringConvertible {
    var messages: [String]
    var description: String { "the built-in checklist schema does not compile: " + messages.joined(separator: "; ") }
}

private final class MessageCollector {
    var messages: [String] = []
    func add(_ error: xmlError) {
        messages.append(error.message.map { String(cString: $0) }?.trimmingWhitespace() ?? "unknown error")
    }
}

/// Serves the schema files compiled into the binary to libxml2 under a private URL scheme,
/// so that `checklist.xsd` finds `xml.xsd` by its relative location, exactly as it does on
/// disk for `xmllint`, without touching the file system or the network.
///
/// libxml2's input callbacks are process-wide. This registers once per process and answers
/// only for its own scheme, whose content is constant, so it changes nothing for other
/// libxml2 users in the same process.
enum EmbeddedSchemaLoader {
    static let scheme = "safegrid-embedded-schema"

    static func url(for file: String) -> String { "\(scheme):///\(file)" }

    static let registration: Int32 = xmlRegisterInputCallbacks(
        { name in
            guard let name else { return 0 }
            return EmbeddedSchemaLoader.file(named: String(cString: name)) == nil ? 0 : 1
        },
        { name in
            guard let name, let text = EmbeddedSchemaLoader.file(named: String(cString: name)) else { return nil }
            return Unmanaged.passRetained(EmbeddedStream(Array(text.utf8))).toOpaque()
        },
        { context, buffer, length in
            guard let context, let buffer else { return -1 }
            let stream = Unmanaged<EmbeddedStream>.fromOpaque(context).takeUnretainedValue()
            return Int32(stream.read(into: buffer, capacity: Int(length)))
        },
        { context in
            guard let context else { return -1 }
            Unmanaged<EmbeddedStream>.fromOpaque(context).release()
            return 0
        }
    )

    static func file(named url: String) -> String? {
        let prefix = "\(scheme):///"
        guard url.hasPrefix(prefix) else { return nil }
        let name = String(url.dropFirst(prefix.count))
        return name == "checklist.xsd" ? ValidatingSchema.text : EmbeddedFiles.schema[name]
    }
}

/// The copy of `checklist.xsd` libxml2 validates with: the shipped schema less two kinds of
/// constraint that the parse session checks itself, with the same codes and places.
///
/// - The length facets of the `Text` type (at least 1 and at most 4,000 characters once white
///   space is collapsed): libxml2 collapses and counts every text value again, which was a
///   tenth of the validating pass on a large checklist.
/// - The `xs:unique` constraints on section, item and option ids: the assembler finds every
///   duplicate anyway, at the exact place of the second use; libxml2's key tables cost as much
///   again.
///
/// Everything else is validated by libxml2 exactly as shipped; `xmllint --schema` with the
/// shipped file accepts exactly what SafeGrid accepts (XmllintAgreementTests).
enum ValidatingSchema {
    /// The longest text, in characters after white-space collapsing, that the schema allows.
    static let maxTextLength = 4000

    /// The derived schema; `nil` when the shipped one no longer has the constraints it drops
    /// (then the session would check rules the schema does not have, so compiling fails).
    static let text: String? = derive(from: EmbeddedFiles.schema["checklist.xsd"] ?? "")

    static func derive(from shipped: String) -> String? {
        let facets = """
                <xs:restriction base="xs:token">
                  <xs:minLength value="1"/>
                  <xs:maxLength value="\(maxTextLength)"/>
                </xs:restriction>
            """
        let facetRanges = shipped.ranges(of: facets)
        guard facetRanges.count == 1 else { return nil }
        var text = shipped.replacingCharacters(in: facetRanges[0], with: "    <xs:restriction base=\"xs:token\"/>")
        var removed = 0
        while let start = text.range(of: "<xs:unique "), let end = text.range(of: "</xs:unique>", range: start.upperBound..<text.endIndex) {
            // The constraint and the indentation before it.
            var from = start.lowerBound
            while from > text.startIndex, text[text.index(before: from)] == " " { from = text.index(before: from) }
            var to = end.upperBound
            if to < text.endIndex, text[to] == "\n" { to = text.index(after: to) }
            text.removeSubrange(from..<to)
            removed += 1
        }
        return removed == 3 ? text : nil
    }
}

private final class EmbeddedStream {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
