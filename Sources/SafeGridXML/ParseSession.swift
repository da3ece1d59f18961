internal import CLibXML2
import Foundation
import SafeGridCore

/// One streaming parse of one checklist document: libxml2's SAX2 parser, with the schema
/// validator plugged into the same event stream, feeding a `ChecklistAssembler`.
///
/// Safety: the document type declaration is refused from the SAX `internalSubset` event,
/// which libxml2 raises before it reads the internal subset, and the parse stops there, so
/// no entity is ever declared, expanded or loaded. No DTD loading, entity substitution or
/// recovery options are set, and `XML_PARSE_NONET` is. Depth and error count are bounded.
///
/// A session is confined to the thread that runs it; its C handles never leave ``run()``.
final class ParseSession {
    private let source: String
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: ChecklistImporter.Limits
    private let schema: CompiledSchema

    private var parser: xmlParserCtxtPtr?
    private var pending: [PendingDiagnostic] = []
    private var assembler: ChecklistAssembler
    private var stack: [(name: ElementName?, tag: Range<Int>)] = []
    /// What libxml2's validator is looking at when it reports: the element just opened, the
    /// element just closed, or text just read (then `tag` is where the text starts).
    private var validated: (name: ElementName?, tag: Range<Int>)?
    private var phase = ValidationPhase.start

    private enum ValidationPhase { case start, end, text }
    private var rootNamespace: String?
    private var text: [UInt8] = []
    private var halted = false
    /// The text element being measured for the length rules of the `Text` type, which the
    /// validating schema leaves to the session (`ValidatingSchema`).
    private var measuring: TextMeasure?

    /// The most text bytes kept for one element; longer text fails the schema anyway.
    private static let textCap = 64 * 1024

    /// What a session does with the document.
    struct Passes: OptionSet {
        let rawValue: Int
        /// Validate against the schema.
        static let validate = Passes(rawValue: 1)
        /// Decode into the assembler and apply the rules beyond the schema.
        static let decode = Passes(rawValue: 2)
    }

    private let passes: Passes

    /// - Parameters:
    ///   - keepsText: build the checklist (true), or only check it (false: texts are not
    ///     collected, only their languages).
    ///   - passes: what this session does; a session that only validates or only decodes is
    ///     half of a parallel check (see ``checkDocument()``).
    init(
        source: String, bytes: UnsafeBufferPointer<UInt8>, limits: ChecklistImporter.Limits, schema: CompiledSchema,
        keepsText: Bool = true, passes: Passes = [.validate, .decode]
    ) {
        self.passes = passes
        self.assembler = ChecklistAssembler(keepsText: keepsText)
        self.source = source
        self.bytes = bytes
        self.limits = limits
        self.schema = schema
    }

    /// Parses, validates and decodes the document.
    func run() -> Result<Checklist, ChecklistImportError> {
        checkDocument().flatMap { _ in
            if let checklist = assembler.build() { return .success(checklist) }
            return .failure(ChecklistImportError(diagnostics: resolve([
                PendingDiagnostic(.schemaViolation, .lineColumn(1, 1), english: "the checklist is incomplete"),
            ])))
        }
    }

    /// Parses and validates the document, and applies the rules beyond the schema.
    ///
    /// A large document is read twice at once, on two threads: one pass validates against the
    /// schema, the other decodes; the validating pass's findings (well-formedness and schema)
    /// then stand for both. The result is the same as one pass doing both, in less time.
    func checkDocument() -> Result<ChecklistSummary, ChecklistImportError> {
        if passes == [.validate, .decode] && bytes.count >= limits.parallelFrom {
            let validation = UncheckedSendable(ParseSession(
                source: source, bytes: bytes, limits: limits, schema: schema, keepsText: false, passes: .validate))
            let decoding = ParseSession(
                source: source, bytes: bytes, limits: limits, schema: schema, keepsText: assembler.keepsText, passes: .decode)
            let done = DispatchGroup()
            DispatchQueue.global(qos: .userInitiated).async(group: done) { validation.value.parse() }
            decoding.parse()
            done.wait()
            // The validating pass saw every well-formedness and schema problem; the decoding
            // pass contributes the checklist and the rules beyond the schema.
            pending = validation.value.pending
            halted = validation.value.halted || decoding.halted
            assembler = decoding.assembler
        } else {
            parse()
        }
        // The rules beyond the schema need the whole document; skip them after a fatal error.
        if !halted { assembler.check(into: &pending) }
        if pending.isEmpty, let summary = assembler.summary {
            return .success(summary)
        }
        if pending.isEmpty {
            pending.append(PendingDiagnostic(.schemaViolation, .lineColumn(1, 1), english: "the checklist is incomplete"))
        }
        return .failure(ChecklistImportError(diagnostics: resolve(pending)))
    }

    // MARK: - libxml2

    fileprivate func parse() {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            pending.append(PendingDiagnostic(.malformed, .lineColumn(1, 1), english: "the file is empty", chinese: "文件为空"))
            return
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        // The plug keeps the addresses of these two slots and writes them back on unplug,
        // so they live on the heap until then.
        let handler = UnsafeMutablePointer<xmlSAXHandler>.allocate(capacity: 1)
        handler.initialize(to: ParseSession.saxHandler())
        let saxSlot = UnsafeMutablePointer<UnsafeMutablePointer<xmlSAXHandler>?>.allocate(capacity: 1)
        saxSlot.initialize(to: handler)
        let userSlot = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 1)
        userSlot.initialize(to: me)
        defer {
            handler.deallocate()
            saxSlot.deallocate()
            userSlot.deallocate()
        }
        var validator: xmlSchemaValidCtxtPtr?
        var plug: xmlSchemaSAXPlugPtr?
        defer {
            if let plug { xmlSchemaSAXUnplug(plug) }
            if let validator { xmlSchemaFreeValidCtxt(validator) }
        }
        if passes.contains(.validate) {
            validator = xmlSchemaNewValidCtxt(schema.handle)
            guard let validator else { return }
            xmlSchemaSetValidStructuredErrors(validator, { context, error in
                guard let context, let error else { return }
                Unmanaged<ParseSession>.fromOpaque(context).takeUnretainedValue().schemaError(error.pointee)
            }, me)
            plug = xmlSchemaSAXPlug(validator, saxSlot, userSlot)
            guard plug != nil else { return }
        }
        // Parser errors reach this handler through the (possibly plugged) handler table.
        saxSlot.pointee?.pointee.serror = { _, error in
            guard let error, let context = error.pointee.ctxt?.assumingMemoryBound(to: xmlParserCtxt.self),
                  let session = context.pointee._private
            else { return }
            Unmanaged<ParseSession>.fromOpaque(session).takeUnretainedValue().parserError(error.pointee)
        }

        let count = Int32(clamping: bytes.count)
        guard let context = xmlCreateMemoryParserCtxt(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), count) else { return }
        let ownSax = context.pointee.sax
        defer {
            context.pointee.sax = ownSax
            xmlFreeParserCtxt(context)
            parser = nil
        }
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
        context.pointee._private = me
        context.pointee.sax = saxSlot.pointee
        context.pointee.userData = userSlot.pointee
        parser = context
        xmlParseDocument(context)

        if context.pointee.wellFormed == 0 && !pending.contains(where: { $0.code != .tooManyErrors }) {
            pending.append(PendingDiagnostic(.malformed, .lineColumn(1, 1), english: "the document is not well-formed XML"))
        }
        if context.pointee.wellFormed == 0 { halted = true }
    }

    private static func saxHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = safegrid_sax2_magic()
        sax.internalSubset = { context, _, _, _ in session(context).refuseDoctype() }
        sax.startDocument = { context in session(context).startDocument() }
        sax.startElementNs = { context, localName, _, uri, _, _, attributeCount, _, attributes in
            session(context).startElement(localName, uri, attributes, Int(attributeCount))
        }
        sax.endElementNs = { context, _, _, _ in session(context).endElement() }
        sax.characters = { context, characters, length in session(context).characters(characters, length) }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = sax.characters
        return sax
    }

    // MARK: - SAX events

    private func refuseDoctype() {
        record(PendingDiagnostic(
            .doctypeForbidden, .element(currentTag()),
            english: "a DOCTYPE is not allowed in a checklist (document type declarations are how entity attacks arrive); remove it",
            chinese: "检查表不允许 DOCTYPE 声明（实体攻击由此而来）；请删除"))
        halt()
    }

    private func startDocument() {
        // libxml2 keeps a declared UTF-8 or UTF-16 in the context and any other in the input.
        guard let parser, let declared = (parser.pointee.encoding ?? parser.pointee.input?.pointee.encoding)
            .map({ String(cString: $0) })
        else { return }
        let name = declared.uppercased()
        if name != "UTF-8" && name != "UTF8" {
            record(PendingDiagnostic(
                .unsupportedEncoding, .lineColumn(1, 1),
                english: "the file declares encoding '\(declared)'; checklists must be UTF-8",
                chinese: "文件声明的编码为 '\(declared)'；检查表必须使用 UTF-8"))
            halt()
        }
    }

    private func startElement(
        _ localName: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ attributeCount: Int
    ) {
        let name = uri.map(isChecklistNamespace) == true ? localName.flatMap(elementName) : nil
        if passes.contains(.validate) { startMeasuring(name) }
        guard passes.contains(.decode) else {
            // Validating only: keep just where the tag ends; its start is worked out from the
            // bytes if a problem is reported (``resolved(_:)``).
            let end = min(max(Int(parser.map(xmlByteConsumed) ?? 0), 0), bytes.count)
            if stack.isEmpty { rootNamespace = uri.map { String(cString: $0) } }
            stack.append((name, end..<end))
            validated = (nil, end..<end)
            phase = .start
            if stack.count > limits.maxDepth { refuseDepth(at: resolved((nil, end..<end)).tag) }
            return
        }
        let tag = currentTag()
        if stack.isEmpty { rootNamespace = uri.map { String(cString: $0) } }
        stack.append((name, tag))
        validated = (name, tag)
        phase = .start
        text.removeAll(keepingCapacity: true)
        if stack.count > limits.maxDepth {
            refuseDepth(at: tag)
            return
        }
        guard let name else { return }
        assembler.open(
            name, parent: stack.count > 1 ? stack[stack.count - 2].name : nil,
            attributes: StartTagAttributes(raw: attributes, count: attributeCount), element: tag)
    }

    private func refuseDepth(at tag: Range<Int>) {
        record(PendingDiagnostic(
            .tooDeep, .element(tag),
            english: "elements are nested more than \(limits.maxDepth) deep; a checklist never needs that",
            chinese: "元素嵌套超过 \(limits.maxDepth) 层；检查表不需要这样的结构"))
        halt()
    }

    /// An element recorded by a validating-only session only by where its tag ends: with the
    /// tag's real start and its name, read back from the bytes.
    private func resolved(_ element: (name: ElementName?, tag: Range<Int>)) -> (name: ElementName?, tag: Range<Int>) {
        guard element.tag.isEmpty, !passes.contains(.decode) else { return element }
        let end = element.tag.lowerBound
        var start = min(end, bytes.count - 1)
        while start > 0 && bytes[start] != UInt8(ascii: "<") { start -= 1 }
        start = max(start, 0)
        // The qualified name runs from after `<` to white space, `/` or `>`; its local part names it.
        var nameEnd = start + 1
        while nameEnd < end, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "/"), UInt8(ascii: ">")].contains(bytes[nameEnd]) { nameEnd += 1 }
        let qualified = String(decoding: UnsafeBufferPointer(rebasing: bytes[min(start + 1, nameEnd)..<nameEnd]), as: UTF8.self)
        let local = qualified.split(separator: ":").last.map(String.init) ?? qualified
        return (ElementName(rawValue: local), start..<max(end, start))
    }

    private func endElement() {
        if let measure = measuring, measure.depth == stack.count, let element = stack.last {
            measuring = nil
            checkLength(measure, of: element)
        }
        guard let closing = stack.popLast() else { return }
        validated = closing
        phase = .end
        guard let name = closing.name, passes.contains(.decode) else { return }
        let content = name.holdsText && assembler.keepsText ? collapsedWhitespace(text) : ""
        text.removeAll(keepingCapacity: true)
        assembler.close(name, parent: stack.last?.name, text: content, element: closing.tag)
    }

    private func characters(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard let characters, length > 0, let top = stack.last else { return }
        if measuring?.depth == stack.count { measuring?.add(UnsafeBufferPointer(start: characters, count: Int(length))) }
        if top.name?.holdsText == true && !(assembler.keepsText && passes.contains(.decode)) { return }
        guard top.name?.holdsText == true else {
            // Text where none belongs (or white space between elements): the validator reports
            // it now, so remember where the chunk is; its first visible character is found only
            // if a problem is reported.
            validated = (top.name, chunkRange(characters, Int(length)) ?? top.tag)
            phase = .text
            return
        }
        if text.count < ParseSession.textCap {
            text.append(contentsOf: UnsafeBufferPointer(start: characters, count: min(Int(length), ParseSession.textCap)))
        }
    }

    // MARK: - Text length

    /// Starts measuring an element of the `Text` type: a text element where the schema declares
    /// it. Any element opened inside one stops the measuring, as libxml2 then reports the
    /// element and checks no value.
    private func startMeasuring(_ name: ElementName?) {
        if measuring != nil {
            measuring = nil
            return
        }
        guard let name, name.holdsText, let parent = stack.last?.name, name.declaredParents.contains(parent) else { return }
        measuring = TextMeasure(depth: stack.count + 1)
    }

    /// The `Text` type's facets: at least one character and at most 4,000 once white space is
    /// collapsed, reported at the element as libxml2 reports its facets.
    private func checkLength(_ measure: TextMeasure, of element: (name: ElementName?, tag: Range<Int>)) {
        if measure.length == 0 {
            record(PendingDiagnostic(
                .emptyText, .element(resolved(element).tag), english: "the text is empty or only white space; write at least one character",
                chinese: "文本为空或只有空白；请至少写一个字"))
        } else if measure.length > ValidatingSchema.maxTextLength {
            record(PendingDiagnostic(
                .textTooLong, .element(resolved(element).tag),
                english: "the text has more than \(ValidatingSchema.maxTextLength) characters once white space is collapsed",
                chinese: "文本（合并空白后）超过 \(ValidatingSchema.maxTextLength) 个字符"))
        }
    }

    /// Where a text chunk lies in the document, when libxml2 hands it over in place (it
    /// usually does); `nil` otherwise.
    private func chunkRange(_ characters: UnsafePointer<xmlChar>, _ length: Int) -> Range<Int>? {
        guard let parser, let input = parser.pointee.input, let base = input.pointee.base, let cur = input.pointee.cur,
              let end = input.pointee.end, characters >= base, characters < end
        else { return nil }
        let start = Int(xmlByteConsumed(parser)) - (cur - characters)
        guard start >= 0, start + length <= bytes.count else { return nil }
        return start..<(start + length)
    }

    /// The first character of a text chunk that is not white space, if any.
    private func visibleStart(of chunk: Range<Int>) -> Int? {
        chunk.first { $0 < bytes.count && ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[$0]) }
    }

    // MARK: - Names

    // libxml2 keeps element and namespace names in its dictionary: the same name is the same
    // pointer throughout a parse, so each is turned into a Swift value once. A document has a
    // handful of distinct names, so a short list beats a hash table.
    private var elementNames: [(pointer: UnsafeRawPointer, name: ElementName?)] = []
    private var namespaces: [(pointer: UnsafeRawPointer, matches: Bool)] = []

    private func elementName(_ pointer: UnsafePointer<xmlChar>) -> ElementName? {
        let key = UnsafeRawPointer(pointer)
        for entry in elementNames where entry.pointer == key { return entry.name }
        let name = ElementName(rawValue: String(cString: pointer))
        if elementNames.count < 64 { elementNames.append((key, name)) }
        return name
    }

    private func isChecklistNamespace(_ pointer: UnsafePointer<xmlChar>) -> Bool {
        let key = UnsafeRawPointer(pointer)
        for entry in namespaces where entry.pointer == key { return entry.matches }
        let matches = String(cString: pointer) == checklistNamespace
        if namespaces.count < 16 { namespaces.append((key, matches)) }
        return matches
    }

    // MARK: - Errors

    private func parserError(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue, !halted else { return }
        let message = cleaned(error.message)
        let location = SourceLocation.lineColumn(max(Int(error.line), 1), max(Int(error.int2), 1))
        let code: ChecklistDiagnostic.Code
        switch Int(error.code) {
        case Int(XML_ERR_UNDECLARED_ENTITY.rawValue), Int(XML_WAR_UNDECLARED_ENTITY.rawValue):
            code = .undefinedEntity
        case Int(XML_ERR_INVALID_CHAR.rawValue) where message.contains("UTF-8"), Int(XML_ERR_INVALID_ENCODING.rawValue):
            code = .invalidUTF8
        case Int(XML_ERR_UNSUPPORTED_ENCODING.rawValue):
            code = .unsupportedEncoding
        case Int(XML_ERR_TAG_NOT_FINISHED.rawValue):
            code = .truncated
        default:
            code = message.hasPrefix("Premature end of data") || message.contains("EndTag: '</' not found") ? .truncated : .malformed
        }
        record(PendingDiagnostic(code, location, english: message))
        // libxml2 stops at the first well-formedness error; nothing after it is reliable.
        halt()
    }

    private func schemaError(_ error: xmlError) {
        // libxml2 also reports warnings here (e.g. on identity constraints over a value that
        // already failed its type); only errors are problems.
        guard !halted, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = cleaned(error.message)
        var target = validated ?? (nil, 0..<0)
        if phase != .text { target = resolved(target) }
        if phase == .text {
            // Visible text is reported where it starts; white space alone (where an element
            // must be empty) at the element holding it.
            if let start = visibleStart(of: target.tag) {
                target.tag = start..<target.tag.upperBound
            } else if let element = stack.last {
                target = resolved(element)
            }
        }
        let attribute = quoted(after: "attribute '", in: message)
        let location: SourceLocation = attribute.map { .attribute($0, in: target.tag) } ?? .element(target.tag)
        let code: ChecklistDiagnostic.Code
        switch Int(error.code) {
        case Int(XML_SCHEMAV_CVC_ELT_1.rawValue):
            code = rootNamespace == checklistNamespace ? .unknownElement : .wrongNamespace
        case Int(XML_SCHEMAV_ELEMENT_CONTENT.rawValue):
            code = phase == .end ? .missingElement : (target.name == nil ? .unknownElement : .unexpectedElement)
        case Int(XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1.rawValue), Int(XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2.rawValue):
            code = .unknownAttribute
        case Int(XML_SCHEMAV_CVC_COMPLEX_TYPE_4.rawValue):
            code = .missingAttribute
        case Int(XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1.rawValue), Int(XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2.rawValue),
             Int(XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3.rawValue):
            // Content where the type allows none, or only text, or only elements: an element
            // when reported as one opens, else text.
            code = phase == .start ? (target.name == nil ? .unknownElement : .unexpectedElement) : .unexpectedText
        default:
            switch attribute {
            case "severity": code = .invalidSeverity
            case "deadline": code = .invalidDeadline
            case "id": code = .invalidID
            case "version": code = .invalidVersion
            case .some: code = .invalidValue
            case nil: code = .schemaViolation
            }
        }
        record(PendingDiagnostic(code, location, english: message))
    }

    private func record(_ diagnostic: PendingDiagnostic) {
        guard !halted else { return }
        pending.append(diagnostic)
        if pending.count >= limits.maxDiagnostics {
            pending.append(PendingDiagnostic(
                .tooManyErrors, diagnostic.location,
                english: "more than \(limits.maxDiagnostics) problems; the rest of the file was not checked",
                chinese: "问题超过 \(limits.maxDiagnostics) 个；文件其余部分未检查"))
            halt()
        }
    }

    private func halt() {
        halted = true
        if let parser { xmlStopParser(parser) }
    }

    // MARK: - Positions

    /// The bytes of the tag the parser has just read: from the last `<` before its position.
    /// Attribute values cannot hold a raw `<`, so that `<` opens the tag.
    private func currentTag() -> Range<Int> {
        guard let parser else { return 0..<0 }
        let end = min(max(Int(xmlByteConsumed(parser)), 0), bytes.count)
        var start = min(end, bytes.count - 1)
        while start > 0 && bytes[start] != UInt8(ascii: "<") { start -= 1 }
        return max(start, 0)..<max(end, start)
    }

    /// Works out line and column for every diagnostic in one pass over the bytes.
    private func resolve(_ diagnostics: [PendingDiagnostic]) -> [ChecklistDiagnostic] {
        let offsets: [Int?] = diagnostics.map { diagnostic in
            switch diagnostic.location {
            case .element(let tag): tag.lowerBound
            case .attribute(let name, let tag): attributeOffset(name, in: tag) ?? tag.lowerBound
            case .lineColumn: nil
            }
        }
        let positions = SourcePositions(bytes).lineColumns(at: offsets.compactMap { $0 })
        var resolved: [ChecklistDiagnostic] = []
        for (diagnostic, offset) in zip(diagnostics, offsets) {
            let (line, column): (Int, Int) = switch diagnostic.location {
            case .lineColumn(let line, let column): (line, column)
            default: positions[offset ?? 0] ?? (1, 1)
            }
            resolved.append(ChecklistDiagnostic(
                code: diagnostic.code, file: source, line: line, column: column, message: diagnostic.message))
        }
        // Stable sort: problems at one place keep the order they were found in.
        return resolved.enumerated().sorted {
            ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
        }.map(\.element)
    }

    /// The offset of attribute `name` (as written, e.g. `xml:lang` or `id`) in a start tag.
    private func attributeOffset(_ name: String, in tag: Range<Int>) -> Int? {
        let pattern = Array(name.utf8)
        var index = tag.lowerBound + 1
        while index + pattern.count <= tag.upperBound {
            let before = bytes[index - 1]
            let precededBySpace = before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D
            var matches = precededBySpace
            if matches { for (offset, byte) in pattern.enumerated() where bytes[index + offset] != byte { matches = false; break } }
            if matches {
                var after = index + pattern.count
                while after < tag.upperBound, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[after]) { after += 1 }
                if after < tag.upperBound && bytes[after] == UInt8(ascii: "=") { return index }
            }
            // Skip attribute values, so a value that looks like `id=` is never taken for a name.
            if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                let quote = bytes[index]
                index += 1
                while index < tag.upperBound && bytes[index] != quote { index += 1 }
            }
            index += 1
        }
        return nil
    }

    // MARK: - Text

    private func collapsedWhitespace(_ raw: [UInt8]) -> String {
        raw.withUnsafeBufferPointer { input in
            String(unsafeUninitializedCapacity: input.count) { output in
                var count = 0
                var pendingSpace = false
                for byte in input {
                    if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                        pendingSpace = count > 0
                    } else {
                        if pendingSpace {
                            output[count] = 0x20
                            count += 1
                            pendingSpace = false
                        }
                        output[count] = byte
                        count += 1
                    }
                }
                return count
            }
        }
    }

    /// libxml2's message without its trailing newline and with the checklist namespace
    /// dropped from element names (`'{urn:safegrid:checklist:1}item'` → `'item'`).
    private func cleaned(_ message: UnsafeMutablePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message)
            .replacingOccurrences(of: "{\(checklistNamespace)}", with: "")
            .trimmingWhitespace()
            .replacingOccurrences(of: "\n", with: " ")
    }

    private func quoted(after marker: String, in message: String) -> String? {
        guard let start = message.range(of: marker)?.upperBound,
              let end = message[start...].firstIndex(of: "'")
        else { return nil }
        return String(message[start..<end])
    }
}

/// Hands a value to another thread that alone uses it until the handing thread waits for it.
private final class UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

private func session(_ context: UnsafeMutableRawPointer?) -> ParseSession {
    Unmanaged<ParseSession>.fromOpaque(context!).takeUnretainedValue()
}

/// The length of a text as `xs:token` counts it: characters once leading and trailing white
/// space is dropped and each inner run of it becomes one space, counted as the text streams in.
private struct TextMeasure {
    /// Where the element sits in the parse stack.
    let depth: Int
    /// Characters counted so far (stops growing once past the limit).
    private(set) var length = 0
    private var spaceBefore = false

    init(depth: Int) { self.depth = depth }

    mutating func add(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard length <= ValidatingSchema.maxTextLength else { return }
        var count = length
        var space = spaceBefore
        for byte in chunk where byte & 0xC0 != 0x80 {  // continuation bytes belong to a counted character
            if byte <= 0x20 && (byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
                space = count > 0
            } else {
                count += space ? 2 : 1
                space = false
            }
        }
        length = count
        spaceBefore = space
    }
}
