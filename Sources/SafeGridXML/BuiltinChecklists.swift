public import SafeGridCore

extension ChecklistImporter {
    /// The ids of the checklists built into SafeGrid (`electrical`, `fire-exits`,
    /// `grease-ducts`, `stage`), sorted.
    public static var builtinChecklistIDs: [String] {
        EmbeddedFiles.checklists.map { String($0.name.dropLast(".xml".count)) }
    }

    /// The built-in checklists, imported through the same validation as any file.
    ///
    /// They are compiled into the binary, so they work from any directory without the
    /// source tree. Their diagnostics name them `builtin:ID.xml`.
    /// - Throws: ``ChecklistImportError`` only if a built-in checklist is invalid, which the
    ///   test suite rules out.
    public func builtinChecklists() throws(ChecklistImportError) -> [Checklist] {
        var checklists: [Checklist] = []
        for file in EmbeddedFiles.checklists {
            checklists.append(try importChecklist(Array(file.xml.utf8), source: "builtin:\(file.name)"))
        }
        return checklists
    }

    /// The built-in checklist with this id, or `nil` if there is none.
    public func builtinChecklist(id: String) throws(ChecklistImportError) -> Checklist? {
        guard let file = EmbeddedFiles.checklists.first(where: { $0.name == "\(id).xml" }) else { return nil }
        return try importChecklist(Array(file.xml.utf8), source: "builtin:\(file.name)")
    }
}
