import Foundation
import SafeGridCore
import SafeGridXML
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How long refusing a hostile file may take. Every one takes well under 0.1 s; the bound is
/// loose for slow CI machines, and far below what expanding or fetching anything would take.
let quickly: Duration = .seconds(2)

/// Imports `url` and returns the diagnostics and how long the import took.
func timedRefusal(
    _ importer: ChecklistImporter, _ url: URL, sourceLocation: SourceLocation = #_sourceLocation
) throws -> (diagnostics: [ChecklistDiagnostic], took: Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = importer.validate(contentsOf: url)
    let took = clock.now - start
    return (try diagnostics(of: result, url.lastPathComponent, sourceLocation: sourceLocation), took)
}

/// A committed hostile file and what must never appear in its diagnostics.
struct HostileFile: Sendable, CustomTestStringConvertible {
    var name: String
    /// Text that would only show up if something was read, fetched or expanded.
    var leaks: [String]
    var testDescription: String { "bad/\(name)" }
}

/// The lines of the local `/etc/passwd` (as fallback, `root:`), which the `file://` attacks name.
let passwdLines: [String] = {
    let lines = ((try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "")
        .split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    return ["root:"] + lines
}()

@Suite("Hostile input: nothing is read, fetched or expanded, and refusal is quick")
struct HostileInputTests {
    static let committed: [HostileFile] = [
        HostileFile(name: "doctype-internal-entity.xml", leaks: ["boom"]),
        HostileFile(name: "xxe-file-entity.xml", leaks: passwdLines),
        HostileFile(name: "xxe-http-entity.xml", leaks: []),
        HostileFile(name: "external-dtd-http.xml", leaks: []),
        HostileFile(name: "external-dtd-file.xml", leaks: passwdLines),
        HostileFile(name: "external-dtd-public.xml", leaks: []),
        HostileFile(name: "parameter-entity.xml", leaks: passwdLines),
        HostileFile(name: "parameter-entity-exfiltration.xml", leaks: passwdLines),
        HostileFile(name: "billion-laughs.xml", leaks: ["lollol"]),
        HostileFile(name: "xinclude.xml", leaks: passwdLines),
        HostileFile(name: "undefined-entity.xml", leaks: ["\u{A0}"]),
    ]

    @Test("committed hostile file is refused quickly and leaks nothing", arguments: committed)
    func committedFile(_ file: HostileFile) throws {
        let (found, took) = try timedRefusal(Corpus.importer(), Corpus.bad.appendingPathComponent(file.name))
        #expect(took < quickly, "refusing \(file.name) took \(took)")
        let shown = everythingShown(found)
        for leak in file.leaks {
            #expect(!shown.contains(leak), "the diagnostics of \(file.name) show '\(leak)':\n\(shown)")
        }
    }

    @Test(
        "the /etc/passwd attacks are real: xmllint told to expand entities, load DTDs and include leaks it",
        arguments: ["xxe-file-entity.xml", "parameter-entity.xml", "external-dtd-file.xml", "xinclude.xml"])
    func attacksAreReal(_ name: String) throws {
        let passwd = try #require(try? String(contentsOfFile: "/etc/passwd", encoding: .utf8), "/etc/passwd is not readable here")
        try #require(passwd.contains("root:"))
        #expect(try Xmllint.naiveOutput(Corpus.bad.appendingPathComponent(name)).contains("root:"))
    }

    @Test("generated bad file gives its code and line, quickly", arguments: GeneratedBadFile.allCases)
    func generatedFile(_ file: GeneratedBadFile) throws {
        let importer = try Corpus.importer()
        try withScratchDirectory { scratch in
            let url = try scratch.write(file.rawValue, file.bytes)
            let (found, took) = try timedRefusal(importer, url)
            #expect(took < quickly, "refusing \(file.rawValue) took \(took)")
            expectDiagnostics(found, equal: file.expected, file: url.path)
            // Nothing of the expanded entity, the attribute value or the padding is echoed.
            let shown = everythingShown(found)
            #expect(!shown.contains("aaaaaaaaaa") && !shown.contains("AAAAAAAAAA") && !shown.contains("cccccccccc"))
            for diagnostic in found {
                #expect(everythingShown([diagnostic]).utf8.count < 4096, "\(diagnostic.code): a long message")
            }
        }
    }

    @Test("a file:// secret is never read: entity, parameter entity, external DTD, XInclude")
    func localSecretIsNeverRead() throws {
        let importer = try Corpus.importer()
        try withScratchDirectory { scratch in
            let marker = "SAFEGRID-SECRET-\(UUID().uuidString)"
            let secret = try scratch.write("secret.txt", Array("\(marker)\n".utf8))
            let dtd = try scratch.write("secret.dtd", Array(#"<!ENTITY x "\#(marker)">"#.utf8))
            let attacks: [String: [String]] = [
                "entity.xml": [#"<!DOCTYPE checklist [<!ENTITY x SYSTEM "\#(secret.absoluteString)">]>"#],
                "parameter-entity.xml": [#"<!DOCTYPE checklist [<!ENTITY % p SYSTEM "\#(dtd.absoluteString)"> %p;]>"#],
                "external-dtd.xml": [#"<!DOCTYPE checklist SYSTEM "\#(dtd.absoluteString)">"#],
            ]
            for (name, doctype) in attacks.sorted(by: { $0.key < $1.key }) {
                var lines = baseDocument
                lines.insert(contentsOf: doctype, at: 1)
                lines[3] = #"  <title xml:lang="zh-CN">&x;</title>"#
                let url = try scratch.write(name, document(lines))
                let (found, took) = try timedRefusal(importer, url)
                #expect(found.map(\.code) == [.doctypeForbidden], "\(name)")
                #expect(took < quickly)
                #expect(!everythingShown(found).contains(marker), "\(name) leaked the secret")
                #expect(try Xmllint.naiveOutput(url).contains(marker), "\(name) is not a working attack")
            }
            var lines = baseDocument
            lines.insert(
                #"      <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="\#(secret.absoluteString)" parse="text"/>"#,
                at: 9)
            let url = try scratch.write("xinclude.xml", document(lines))
            let (found, _) = try timedRefusal(importer, url)
            #expect(found.map(\.code) == [.unknownElement])
            #expect(!everythingShown(found).contains(marker), "xinclude.xml leaked the secret")
            #expect(try Xmllint.naiveOutput(url).contains(marker), "xinclude.xml is not a working attack")
        }
    }

    @Test("no network connection is even attempted: entity, external DTD, parameter entity, XInclude")
    func networkIsNeverReached() throws {
        let importer = try Corpus.importer()
        let listener = try LocalListener()
        defer { listener.close() }
        let base = "http://127.0.0.1:\(listener.port)"
        let attacks: [(String, [String], String)] = [
            ("entity", [#"<!DOCTYPE checklist [<!ENTITY x SYSTEM "\#(base)/entity">]>"#], "&x;"),
            ("external-dtd", [#"<!DOCTYPE checklist SYSTEM "\#(base)/checklist.dtd">"#], "Title"),
            ("public-dtd", [#"<!DOCTYPE checklist PUBLIC "-//X//DTD X//EN" "\#(base)/public.dtd">"#], "Title"),
            ("parameter-entity", [#"<!DOCTYPE checklist [<!ENTITY % p SYSTEM "\#(base)/p.dtd"> %p;]>"#], "Title"),
        ]
        for (name, doctype, title) in attacks {
            var lines = baseDocument
            lines.insert(contentsOf: doctype, at: 1)
            lines[3] = #"  <title xml:lang="zh-CN">\#(title)</title>"#
            let clock = ContinuousClock()
            let start = clock.now
            let found = try diagnostics(of: importer.validate(document(lines), source: name), name)
            #expect(clock.now - start < quickly)
            #expect(found.map(\.code) == [.doctypeForbidden], "\(name)")
        }
        var lines = baseDocument
        lines.insert(#"      <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="\#(base)/x" parse="text"/>"#, at: 9)
        let xinclude = try diagnostics(of: importer.validate(document(lines), source: "xinclude"), "xinclude")
        #expect(xinclude.map(\.code) == [.unknownElement])
        #expect(!listener.wasContacted(waitingMilliseconds: 200), "the importer connected to \(base)")
    }

    @Test("the listener notices a connection, so its silence above means something")
    func listenerNoticesConnections() throws {
        let listener = try LocalListener()
        defer { listener.close() }
        #expect(!listener.wasContacted(waitingMilliseconds: 0))
        let client = try LocalListener.connect(toPort: listener.port)
        defer { _ = closeDescriptor(client) }
        #expect(listener.wasContacted(waitingMilliseconds: 2000))
    }

    @Test("limits: the 20 MB attribute is refused by libxml2 itself once the size limit is raised")
    func hugeAttributeWithRaisedLimit() throws {
        let raised = try ChecklistImporter(limits: ChecklistImporter.Limits(maxBytes: 64 << 20))
        let file = GeneratedBadFile.hugeAttribute
        try withScratchDirectory { scratch in
            let url = try scratch.write(file.rawValue, file.bytes)
            // Default limits: refused before parsing.
            let (byDefault, _) = try timedRefusal(Corpus.importer(), url)
            expectDiagnostics(byDefault, equal: [at(.tooLarge, 1, 1)], file: url.path)
            // 64 MiB: parsed, and libxml2's 10,000,000-byte attribute limit stops it, on line 3,
            // without a crash and without echoing the value.
            let (raisedLimit, took) = try timedRefusal(raised, url)
            expectDiagnostics(raisedLimit, equal: [at(.malformed, 3)], file: url.path)
            #expect(took < quickly)
            #expect(everythingShown(raisedLimit).utf8.count < 4096)
        }
        // The same from memory.
        let fromMemory = try diagnostics(of: raised.validate(file.bytes, source: "memory"), "memory")
        #expect(fromMemory.map(\.code) == [.malformed])
    }

    @Test("limits: the 30 MB file is refused only for its size")
    func hugeFileWithRaisedLimit() throws {
        let raised = try ChecklistImporter(limits: ChecklistImporter.Limits(maxBytes: 64 << 20))
        let result = raised.validate(GeneratedBadFile.hugeFile.bytes, source: "file-30mb.xml")
        #expect(throws: Never.self) { try result.get() }
    }

    @Test("limits: depth and problem count follow the configured limits")
    func configuredLimits() throws {
        // A checklist nests 6 deep: checklist > section > item > response > option > label.
        let twin = try [UInt8](Data(contentsOf: Corpus.good.appendingPathComponent("twin-plain.xml")))
        let six = try ChecklistImporter(limits: ChecklistImporter.Limits(maxDepth: 6))
        #expect(throws: Never.self) { try six.validate(twin, source: "twin").get() }
        let five = try ChecklistImporter(limits: ChecklistImporter.Limits(maxDepth: 5, maxDiagnostics: 3))
        let deep = try diagnostics(of: five.validate(twin, source: "twin"), "twin with maxDepth 5")
        expectDiagnostics(deep, equal: [at(.tooDeep, 16, 11)], file: "twin")  // the first <label>
        let many = try diagnostics(of: five.validate(GeneratedBadFile.manyErrors.bytes, source: "many"), "many")
        expectDiagnostics(
            many,
            equal: [
                at(.invalidSeverity, 7, 22), at(.invalidSeverity, 10, 22), at(.invalidSeverity, 13, 22),
                at(.tooManyErrors, 13, 22),
            ],
            file: "many")
    }
}

/// A TCP listener on 127.0.0.1 and a free port, to show that nothing connects to it.
final class LocalListener {
    let port: UInt16
    private let socketFD: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        let descriptor = try Self.tcpSocket()
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            _ = closeDescriptor(descriptor)
            throw Failure(description: "bind/listen failed: \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socketFD = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Whether a connection is waiting to be accepted (one that was attempted and completed).
    func wasContacted(waitingMilliseconds: Int32) -> Bool {
        var entry = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, waitingMilliseconds) > 0
    }

    func close() { _ = closeDescriptor(socketFD) }

    /// A new TCP socket.
    static func tcpSocket() throws -> Int32 {
        #if canImport(Glibc)
            let stream = Int32(SOCK_STREAM.rawValue)
        #else
            let stream = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, stream, 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: \(errno)") }
        return descriptor
    }

    /// 127.0.0.1:`port` (0: any free port).
    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Opens a TCP connection to 127.0.0.1:`port` and returns its descriptor.
    static func connect(toPort port: UInt16) throws -> Int32 {
        let descriptor = try tcpSocket()
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #else
                    Darwin.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #endif
            }
        }
        guard connected == 0 else {
            _ = closeDescriptor(descriptor)
            throw Failure(description: "connect() failed: \(errno)")
        }
        return descriptor
    }
}

func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.close(descriptor)
    #else
        Darwin.close(descriptor)
    #endif
}
