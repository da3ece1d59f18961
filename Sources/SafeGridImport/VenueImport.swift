import Foundation
public import SafeGridCore

extension CSVImport {
    /// The columns of a venue file.
    public static let venueColumns = ["id", "name", "kind", "grid", "police_grid", "tags", "address", "contact"]

    /// Reads a venue file: columns `id,name,kind,grid,police_grid,tags,address,contact`, tags
    /// separated by `;`; kinds and tags by code or name, read as their codes in `vocabulary`
    /// (the store's: `SafeGridEngine.venueVocabulary()`).
    ///
    /// With `areas` (the store's), each venue's grid and police grid must be one of them; the
    /// engine checks this again when it stores the venues, but only here can the error name the line.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - source: the file's name, for the errors.
    ///   - vocabulary: the store's kinds and tags.
    ///   - areas: the store's areas, if the venues are checked against them.
    ///   - progress: told the rows checked and the rows in the file, every 10,000 rows.
    /// - Throws: `SafeGridError` `invalid-csv` at the first bad field: FILE:LINE:COLUMN and the
    ///   column (for an unknown kind or tag, with the closest terms).
    public static func venues(
        _ text: String, source: String, vocabulary: VenueVocabulary = .builtin, areas: AreaDirectory? = nil,
        progress: (_ checked: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(SafeGridError) -> [Venue] {
        let file = try CSVFile(parsing: text, source: source, required: venueColumns)
        var firstLines: [String: Int] = [:]
        var checked = 0
        let venues = try file.rows.map { row throws(SafeGridError) in
            checked += 1
            if checked % 10_000 == 0 || checked == file.rows.count { progress(checked, file.rows.count) }
            for column in ["id", "name", "kind", "grid", "police_grid"] where row[column].isEmpty {
                throw file.error(row, column, english: "\(column) is required", chinese: "\(column) 不能为空")
            }
            if let first = firstLines.updateValue(row.line, forKey: row["id"]) {
                throw file.duplicateError(row, "id", firstLine: first, english: "the venue id '\(row["id"])'", chinese: "场所编号 '\(row["id"])'")
            }
            // Kind and tags one at a time, so the error names the column it is about.
            let kind: String
            let tags: [String]
            do throws(SafeGridError) {
                kind = try vocabulary.kind(row["kind"])
            } catch {
                throw file.error(row, "kind", english: error.message.resolved(for: .english), chinese: error.message.resolved(for: .chinese))
            }
            do throws(SafeGridError) {
                tags = try vocabulary.tags(row["tags"].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            } catch {
                throw file.error(row, "tags", english: error.message.resolved(for: .english), chinese: error.message.resolved(for: .chinese))
            }
            return Venue(
                id: row["id"], name: row["name"], kind: kind, tags: tags, gridCode: row["grid"], policeGridCode: row["police_grid"],
                address: row["address"], contact: row["contact"])
        }
        // References last, so a file's own problems come first whatever the store holds.
        if let areas {
            for row in file.rows {
                if areas.area(.grid, row["grid"]) == nil {
                    throw file.error(row, "grid", english: "no grid '\(row["grid"])'; import areas first", chinese: "网格 '\(row["grid"])' 不存在，请先导入区域")
                }
                if areas.area(.policeGrid, row["police_grid"]) == nil {
                    throw file.error(
                        row, "police_grid", english: "no police grid '\(row["police_grid"])'; import areas first",
                        chinese: "警格 '\(row["police_grid"])' 不存在，请先导入区域")
                }
            }
        }
        return venues
    }
}
