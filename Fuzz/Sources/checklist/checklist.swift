import SafeGridXML

/// The checklist importer (`safegrid checklist import`): parse, schema-validate and assemble
/// the XML. Made once: it holds the compiled schema.
let importer = try! ChecklistImporter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    // A refused file is the expected outcome; only a crash, hang or sanitizer report is a finding.
    _ = importer.validate(UnsafeRawBufferPointer(start: start, count: count), source: "fuzz.xml")
    return 0
}
