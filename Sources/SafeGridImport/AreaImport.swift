public import SafeGridCore

extension CSVImport {
    /// The columns of an area file; ``areaPeopleColumns`` are optional.
    public static let areaColumns = ["line", "level", "code", "name", "parent"]
    /// The optional columns of an area file naming its people: the follower (the grid worker
    /// 网格员 of a grid, the community police officer 社区民警 of a police grid) and their phone,
    /// the leader (the grid leader 网格长, the leader of a police grid, beat, station, community
    /// or street) and their phone. Reminders (`safegrid remind`) reach them.
    public static let areaPeopleColumns = ["follower", "follower_phone", "leader", "leader_phone"]

    /// Reads an area file: columns `line,level,code,name,parent` (and optionally
    /// `follower,follower_phone,leader,leader_phone`), `line` being `grid` or `police`; link rows
    /// are `link,,GRID_CODE,,POLICE_GRID_CODE`.
    ///
    /// Each parent must be an area of the level above, in the file or in `existing` (the store's
    /// areas), and each link must name a grid and a police grid the same way: the engine checks
    /// this again when it stores them, but only here can the error name the line.
    /// - Throws: `SafeGridError` `invalid-csv` at the first bad field: FILE:LINE:COLUMN and the column.
    public static func areas(
        _ text: String, source: String, existing: AreaDirectory = AreaDirectory()
    ) throws(SafeGridError) -> (areas: [Area], links: [GridLink]) {
        let file = try CSVFile(parsing: text, source: source, required: areaColumns)
        var areas: [Area] = []
        var links: [(link: GridLink, row: CSVFile.Row)] = []
        var rows: [CSVFile.Row] = []
        // The line each code (per line of areas) and each link was first given on.
        var firstLines: [String: Int] = [:]
        for row in file.rows {
            let line = row["line"].lowercased()
            if line == "link" {
                for column in ["code", "parent"] where row[column].isEmpty {
                    throw file.error(
                        row, column, english: "a link row is link,,GRID_CODE,,POLICE_GRID_CODE", chinese: "关联行的格式为 link,,网格编码,,警格编码")
                }
                if let first = firstLines.updateValue(row.line, forKey: "link\u{0}\(row["code"])\u{0}\(row["parent"])") {
                    throw file.duplicateError(
                        row, "code", firstLine: first, english: "the link \(row["code"])–\(row["parent"])", chinese: "关联 \(row["code"])–\(row["parent"])")
                }
                links.append((GridLink(gridCode: row["code"], policeGridCode: row["parent"]), row))
                continue
            }
            guard ["grid", "police"].contains(line) else {
                throw file.error(row, "line", english: "'\(row["line"])' is not grid, police or link", chinese: "'\(row["line"])' 不是 grid、police 或 link")
            }
            guard let level = AreaLevel(rawValue: row["level"].lowercased()), level.line.rawValue == line else {
                throw file.error(
                    row, "level", english: "'\(row["level"])' is not a level of the \(line) line (grid: street|community|grid; police: station|beat|police-grid)",
                    chinese: "'\(row["level"])' 不是 \(line) 条线的层级（grid：street|community|grid；police：station|beat|police-grid）")
            }
            for column in ["code", "name"] where row[column].isEmpty {
                throw file.error(row, column, english: "\(column) is required", chinese: "\(column) 不能为空")
            }
            // Codes are unique within a line (grid or police), as the store keys them.
            if let first = firstLines.updateValue(row.line, forKey: "\(level.line.rawValue)\u{0}\(row["code"])") {
                let kind = level.line == .grid ? ("grid-line code", "网格条线编码") : ("police-line code", "警格条线编码")
                throw file.duplicateError(row, "code", firstLine: first, english: "the \(kind.0) '\(row["code"])'", chinese: "\(kind.1) '\(row["code"])'")
            }
            func optional(_ column: String) -> String? { row[column].isEmpty ? nil : row[column] }
            for (phone, person) in [("follower_phone", "follower"), ("leader_phone", "leader")] {
                if let number = optional(phone) {
                    guard optional(person) != nil else {
                        throw file.error(row, phone, english: "a phone needs the \(person)'s name", chinese: "填写了电话，但没有填写\(person == "leader" ? "负责人" : "跟进人")姓名")
                    }
                    guard number.unicodeScalars.allSatisfy({ "0123456789+- ()".unicodeScalars.contains($0) }) else {
                        throw file.error(
                            row, phone, english: "'\(number)' is not a phone number (digits, spaces, + - and parentheses)",
                            chinese: "'\(number)' 不是电话号码（只能含数字、空格、+、- 和括号）")
                    }
                }
            }
            areas.append(Area(
                code: row["code"], name: row["name"], level: level, parentCode: row["parent"].isEmpty ? nil : row["parent"],
                follower: optional("follower"), followerPhone: optional("follower_phone"), leader: optional("leader"),
                leaderPhone: optional("leader_phone")))
            rows.append(row)
        }
        // References, once every area of the file is known (a parent may come after its child).
        let directory = AreaDirectory(areas: Array(existing.areas.values) + areas, links: [])
        for (area, row) in zip(areas, rows) {
            guard let parentLevel = area.level.parentLevel else { continue }
            guard let parent = area.parentCode, directory.area(parentLevel, parent) != nil else {
                throw file.error(
                    row, "parent",
                    english: "\(area.level.rawValue) \(area.code) needs a parent \(parentLevel.rawValue); '\(area.parentCode ?? "")' is not one in the file or the store",
                    chinese: "\(area.level.label(.chinese)) \(area.code) 的上级\(parentLevel.label(.chinese)) '\(area.parentCode ?? "")' 在文件和库中都不存在")
            }
        }
        for (link, row) in links {
            guard directory.area(.grid, link.gridCode) != nil else {
                throw file.error(row, "code", english: "no grid '\(link.gridCode)' in the file or the store", chinese: "文件和库中都没有网格 '\(link.gridCode)'")
            }
            guard directory.area(.policeGrid, link.policeGridCode) != nil else {
                throw file.error(
                    row, "parent", english: "no police grid '\(link.policeGridCode)' in the file or the store",
                    chinese: "文件和库中都没有警格 '\(link.policeGridCode)'")
            }
        }
        return (areas, links.map(\.link))
    }
}
