import Foundation
import SafeGridCore
import SafeGridXML

// checklist-bench: generate large checklists and time decoding them into `Checklist`.
//
//   checklist-bench generate OUT.xml BYTES
//   checklist-bench decode MODE FILE ITERATIONS      MODE: safegrid | xmldocument | xmlcoder
//
// `decode` prints one line per iteration, a summary, and a last line `RESULT {json}` for
// scripts. Peers are checked against SafeGrid after timing: the process exits 3 unless the
// peer's Checklist is == to SafeGrid's and has the same contentHash.

let usage = """
    usage:
      checklist-bench generate OUT.xml BYTES
      checklist-bench decode MODE FILE ITERATIONS   (MODE: safegrid | xmldocument | xmlcoder)
    """

func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func format(_ value: Double) -> String { String(format: "%.2f", value) }

func importWithSafeGrid(_ importer: ChecklistImporter, _ url: URL) -> Checklist {
    do {
        return try importer.importChecklist(contentsOf: url)
    } catch {
        fail("SafeGrid refused \(url.path):\n" + error.diagnostics.map { "  \($0)" }.joined(separator: "\n"), code: 1)
    }
}

func generate(_ arguments: ArraySlice<String>) {
    guard arguments.count == 2, let bytes = Int(arguments.last!), bytes > 0 else { fail(usage) }
    let path = arguments.first!
    let document = ChecklistGenerator(targetBytes: bytes).generate()
    guard FileManager.default.createFile(atPath: path, contents: Data(document)) else { fail("cannot write \(path)") }
    print("wrote \(path): \(document.count) bytes")
}

func decode(_ arguments: ArraySlice<String>) {
    guard arguments.count == 3, let iterations = Int(arguments.last!), iterations > 0 else { fail(usage) }
    let mode = arguments[arguments.startIndex]
    let path = arguments[arguments.startIndex + 1]
    let url = URL(fileURLWithPath: path)
    let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    let clock = ContinuousClock()
    var times: [Double] = []
    var result: Checklist?
    var setupMilliseconds: Double?

    switch mode {
    case "safegrid":
        // Compiling the schema happens once per importer, not per file: timed apart.
        let start = clock.now
        let importer: ChecklistImporter
        do { importer = try ChecklistImporter() } catch { fail("cannot create the importer: \(error)") }
        setupMilliseconds = milliseconds(clock.now - start)
        for _ in 0..<iterations {
            let start = clock.now
            let checklist = importWithSafeGrid(importer, url)
            times.append(milliseconds(clock.now - start))
            result = checklist
        }
    case "xmldocument", "xmlcoder":
        for _ in 0..<iterations {
            let start = clock.now
            let checklist: Checklist
            do {
                checklist = try mode == "xmldocument" ? XMLDocumentPeer.decode(contentsOf: url) : XMLCoderPeer.decode(contentsOf: url)
            } catch {
                fail("\(mode) failed on \(path) (\(size) bytes): \(error)", code: 1)
            }
            times.append(milliseconds(clock.now - start))
            result = checklist
        }
    default:
        fail("unknown mode '\(mode)'\n" + usage)
    }

    guard let checklist = result else { fail("no result") }
    for (index, time) in times.enumerated() { print("iteration \(index + 1): \(format(time)) ms") }
    // contentHash is not part of decoding, but `safegrid checklist validate` prints it: timed apart.
    let hashStart = clock.now
    let hash = checklist.contentHash.hex
    let hashMilliseconds = milliseconds(clock.now - hashStart)
    var verified = mode == "safegrid"
    if mode != "safegrid" {
        // The assertion: the peer's value equals SafeGrid's, field by field and by hash.
        guard let importer = try? ChecklistImporter() else { fail("cannot create the importer") }
        let reference = importWithSafeGrid(importer, url)
        let referenceHash = reference.contentHash.hex
        guard reference == checklist, referenceHash == hash else {
            fail("""
                \(mode): Checklist differs from SafeGrid's (hash \(hash) vs \(referenceHash)).
                first difference: \(firstDifference(reference, checklist))
                """, code: 3)
        }
        verified = true
    }

    let middle = median(times)
    let low = times.min()!
    let high = times.max()!
    let megabytesPerSecond = Double(size) / 1e6 / (middle / 1_000)
    let items = checklist.sections.reduce(0) { $0 + $1.items.count }
    print("\(mode): \(path), \(size) bytes, \(checklist.sections.count) sections, \(items) items")
    print("median \(format(middle)) ms, min \(format(low)) ms, max \(format(high)) ms over \(iterations) iteration(s), \(format(megabytesPerSecond)) MB/s")
    if let setupMilliseconds { print("schema compile (ChecklistImporter.init, not in the times above): \(format(setupMilliseconds)) ms") }
    print("contentHash \(hash) (computed in \(format(hashMilliseconds)) ms, not in the times above)\(mode == "safegrid" ? "" : "; == SafeGrid's Checklist and contentHash: verified")")

    let json: [String: Any] = [
        "mode": mode, "file": path, "bytes": size, "iterations": iterations, "times_ms": times,
        "median_ms": middle, "min_ms": low, "max_ms": high, "mb_per_s": megabytesPerSecond,
        "setup_ms": setupMilliseconds ?? 0, "hash_ms": hashMilliseconds, "sections": checklist.sections.count, "items": items,
        "content_hash": hash, "verified_equal_to_safegrid": verified,
    ]
    let data = (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data()
    print("RESULT " + String(decoding: data, as: UTF8.self))
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "generate": generate(arguments.dropFirst())
case "decode": decode(arguments.dropFirst())
default: fail(usage)
}
