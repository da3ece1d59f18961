import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid calendar show|import`.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: .zh("计算工作日期限所用的节假日日历（放假调休安排）。", en: "The holiday calendar working-day deadlines are counted with (放假调休安排)."),
        subcommands: [Show.self, Import.self]
    )

    struct Show: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("显示某年的放假日和调休上班日，以及各自的来源。", en: "Show a year's days off and make-up working days, and where each comes from."),
            discussion: .zh("""
                已载入国务院放假通知的年份按通知显示；其他年份为暂定：按法定节假日及其补休推算，并标明暂定。不给年份时显示今年和明年。

                示例：
                  safegrid calendar show
                  safegrid calendar show 2027 --format json
                """, en: """
                A year whose State Council notice is loaded shows the notice's days; any other year is provisional: the statutory holidays and their days in lieu, marked so. Without a year: this year and the next.

                Examples:
                  safegrid calendar show
                  safegrid calendar show 2027 --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("年份（默认为今年和明年）。", en: "The year (default this year and the next).", valueName: "year")) var year: Int?
        @Option(help: .dataFormat) var format: DataFormat = .text

        func validate() throws {
            if let year, !(1000...9999).contains(year) { throw ValidationError(.zh("年份 '\(year)' 不是四位数的年份", en: "year '\(year)' is not a four-digit year")) }
        }

        func run() throws {
            // The built-in calendar (and this machine's files) work without a store.
            let environment = ProcessInfo.processInfo.environment
            let stationTime = try Context.stationTime(environment)
            let calendar = try Context.openIfPresent(global)?.engine.calendar ?? Context.calendar(environment, store: nil)
            let thisYear = stationTime.day(of: try Context.clock(environment, stationTime).now()).year
            let years = year.map { [$0] } ?? [thisYear, thisYear + 1]
            switch format {
            case .json: Output.line(try Context.jsonText(years.map { YearJSON(year: $0, calendar: calendar) }, stationTime: stationTime))
            case .text: Output.line(years.map { render($0, calendar, global.language) }.joined(separator: "\n\n"))
            }
        }

        func render(_ year: Int, _ calendar: HolidayCalendar, _ l: DisplayLanguage) -> String {
            var lines: [String] = []
            if let notice = calendar.notices[year] {
                lines.append(l.pick("\(year) 年：", "\(year): ") + [notice.title, CalendarText.source(notice.source, l)].filter { !$0.isEmpty }.joined(separator: " · "))
            } else if calendar.isProvisional(year: year) {
                let statute = StatutoryHolidays.Revision(year: year).map { l.pick("按\($0.label(l))推算", "computed from \($0.label(l))") }
                    ?? l.pick("没有可用的法定节假日规则，仅按周末", "no statutory rule known for this year: weekends only")
                lines.append(l.pick("\(year) 年：暂定（未载入国务院放假通知，\(statute)）", "\(year): provisional (no State Council notice loaded; \(statute))"))
            } else {
                lines.append(l.pick("\(year) 年：仅按周末（未载入放假安排）", "\(year): weekends only (no arrangement loaded)"))
            }
            let entries = calendar.entries(in: year)
            if entries.isEmpty { return lines.joined(separator: "\n") }
            var table = TextTable()
            table.append(l == .chinese ? ["日期", "星期", "安排", "名称", "来源"] : ["DATE", "DAY", "KIND", "NAME", "SOURCE"])
            for entry in entries {
                table.append([
                    entry.date.description, CalendarText.weekday(entry.date.weekday, l),
                    entry.isWorkday ? l.pick("上班", "workday") : l.pick("放假", "day off"), entry.name, CalendarText.origin(entry.origin, l),
                ])
            }
            lines.append(table.render())
            let off = entries.filter { !$0.isWorkday }.count
            let work = entries.count - off
            lines.append(l.pick("共 \(off) 天放假、\(work) 天调休上班（周末以外）。", "\(off) days off and \(work) make-up working days (besides weekends)."))
            if calendar.isProvisional(year: year) {
                lines.append(ProvisionalDates.hint(years: [year], l))
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Import: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("检查节假日文件，并存入数据存储，供每台笔记本和每份报表使用。", en: "Check a holiday calendar file and keep it in the store for every laptop and report."),
            discussion: .zh("""
                文件格式同 calendars/cn.txt：一行 `year 年份 标题` 开始国务院该年的放假安排，其后每行一天：日期 holiday|workday 名称。
                每处问题都以“文件:行”拒绝（同一日期列了两次、调休上班日不是周末、日期不在该年、未知关键字），数据存储不作改动。已登记的期限保持原日期；`hazard list --provisional` 列出按新日历计算会不同的期限。

                示例文件（2027.txt）：
                  year 2027 国办发明电〔2026〕N号
                  2027-01-01 holiday 元旦
                  2027-02-20 workday 春节调休

                示例：
                  safegrid calendar import 2027.txt
                """, en: """
                The file has the form of calendars/cn.txt: a line `year YEAR TITLE` starts the State Council's arrangement for that year, then one day per line, DATE holiday|workday NAME.
                Each problem is refused with FILE:LINE (a date listed twice, a make-up working day that is not a weekend, a day outside its year, an unknown keyword), and the store is left unchanged. Deadlines already recorded keep their dates; `hazard list --provisional` shows those that the new calendar would count differently.

                Example file (2027.txt):
                  year 2027 国办发明电〔2026〕N号
                  2027-01-01 holiday 元旦
                  2027-02-20 workday 春节调休

                Example:
                  safegrid calendar import 2027.txt
                """)
        )

        /// Calendar files are a few kilobytes; anything far larger is not one.
        static let maximumBytes = 1 << 20

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("节假日文件。", en: "The calendar file.", valueName: "file")) var file: String
        @Option(help: .actor) var actor: String?

        func run() throws {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            guard size <= Self.maximumBytes else {
                throw SafeGridError.invalidInput(
                    "\(file) is \(size) bytes; a calendar file is at most \(Self.maximumBytes) bytes",
                    chinese: "\(file) 有 \(size) 字节，节假日文件不能超过 \(Self.maximumBytes) 字节", context: ["file": file])
            }
            let name = URL(fileURLWithPath: file).lastPathComponent
            let text = try TextFile.read(file)
            // Checked before the store is opened: a refused file creates no store.
            _ = try HolidayCalendarFile(parsing: text, source: name)
            let actor = try Context.actor(actor, before: global)
            let context = try Context.open(global, creating: true)
            let l = context.language
            let (parsed, added) = try context.engine.importCalendar(text, name: name, actor: actor)
            let years = parsed.notices.map { String($0.year) }.joined(separator: l.pick("、", ", "))
            let what = years.isEmpty
                ? l.pick("\(parsed.days.count) 个单独日期", "\(parsed.days.count) single days")
                : l.pick("\(years) 年放假安排，共 \(parsed.days.count) 天", "the arrangement for \(years), \(parsed.days.count) days")
            Output.line(added ? l.pick("已载入 \(name)：\(what)。", "Imported \(name): \(what).")
                              : l.pick("\(name) 已载入过，未作改动。", "\(name) was imported already; nothing changed."))
            // Recount with the calendar as it now stands in the store.
            let reopened = try Context.open(global)
            let differing = try reopened.engine.hazardsWithRecountedDeadlines()
            if !differing.isEmpty {
                Output.line(l.pick(
                    "\(differing.count) 处未结隐患的期限按新日历计算会不同（已告知场所的期限保持不变）：safegrid hazard list --provisional",
                    "\(differing.count) open hazards would have a different deadline under this calendar (the dates given stand): safegrid hazard list --provisional"))
            }
        }
    }
}

/// A year of the calendar as JSON.
struct YearJSON: Encodable {
    struct Day: Encodable {
        var date: CivilDate
        var dayOff: Bool
        var name: String
        /// `notice`, `file` or `statute`.
        var origin: String
        /// The file, or the regulation's revision.
        var source: String
    }

    var year: Int
    var provisional: Bool
    var notice: String?
    var noticeSource: String?
    var statute: String?
    var days: [Day]

    init(year: Int, calendar: HolidayCalendar) {
        self.year = year
        provisional = calendar.isProvisional(year: year)
        notice = calendar.notices[year]?.title
        noticeSource = calendar.notices[year]?.source
        statute = provisional ? StatutoryHolidays.Revision(year: year)?.rawValue : nil
        days = calendar.entries(in: year).map { entry in
            switch entry.origin {
            case .notice(_, _, let source): Day(date: entry.date, dayOff: !entry.isWorkday, name: entry.name, origin: "notice", source: source)
            case .file(let source): Day(date: entry.date, dayOff: !entry.isWorkday, name: entry.name, origin: "file", source: source)
            case .statute(let revision): Day(date: entry.date, dayOff: true, name: entry.name, origin: "statute", source: revision.rawValue)
            }
        }
    }
}

/// Calendar words for people.
enum CalendarText {
    /// Where a file came from: built in, imported into the store, or this machine's own.
    static func source(_ source: String, _ l: DisplayLanguage) -> String {
        if source.hasPrefix("builtin:") { return l.pick("内置", "built in") }
        if source.hasPrefix("store:") { return l.pick("已载入（\(source.dropFirst(6))）", "imported (\(source.dropFirst(6)))") }
        return l.pick("本机文件 \(source)", "local file \(source)")
    }

    static func origin(_ origin: HolidayCalendar.Origin, _ l: DisplayLanguage) -> String {
        switch origin {
        case .notice(_, let title, let file): [title, source(file, l)].filter { !$0.isEmpty }.joined(separator: " · ")
        case .file(let file): source(file, l)
        case .statute(let revision): l.pick("法定（\(revision.rawValue) 年办法）", "statute (\(revision.rawValue) revision)")
        }
    }

    static func weekday(_ day: Weekday, _ l: DisplayLanguage) -> String {
        l == .chinese ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][day.rawValue]
            : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.rawValue]
    }
}
