import Foundation
import Hummingbird
import SafeGridCore
import SafeGridEngine

/// What a dashboard request asks for, read from its query: the same parameters as
/// `safegrid report`, plus the area it is drilled into.
struct DashboardQuery: Sendable, Hashable {
    var by: ReportGrouping
    var asOf: Date
    var asRecordedAt: Date?
    /// The area drilled into (``Area/id``), if any.
    var within: String?

    /// Reads the query; a value that does not parse is a 400 that names it.
    init(_ request: Request, now: Date, stationTime: StationTime, language l: DisplayLanguage) throws {
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? {
            guard let value = parameters[Substring(name)], !value.isEmpty else { return nil }
            return String(value)
        }
        func time(_ name: String) throws -> Date? {
            guard let value = text(name) else { return nil }
            guard let date = stationTime.parse(value, bareDateMeansEndOfDay: true) else {
                throw HTTPError(.badRequest, message: l.pick(
                    "\(name) '\(value)' 不是日期（2026-06-15）或日期时间（2026-06-15T09:30）",
                    "\(name) '\(value)' is not a date (2026-06-15) or date-time (2026-06-15T09:30)"))
            }
            return date
        }
        if let value = text("by") {
            guard let grouping = ReportGrouping(rawValue: value) else {
                throw HTTPError(.badRequest, message: l.pick(
                    "by '\(value)'：可选 \(ReportGrouping.allCases.map(\.rawValue).joined(separator: "、"))",
                    "by '\(value)': one of \(ReportGrouping.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            by = grouping
        } else {
            by = .grid
        }
        // "Now" to the minute, so that the page's figures can be asked for again.
        asOf = try time("as-of") ?? Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        asRecordedAt = try time("as-recorded-at")
        within = text("within")
    }

    /// The query string of these parameters, with `by` (and `within`) replaced.
    func link(by: ReportGrouping? = nil, within: String?? = nil, path: String = "/dashboard", extra: [(String, String)] = [], stationTime: StationTime) -> String {
        var items: [(String, String)] = [("by", (by ?? self.by).rawValue), ("as-of", stationTime.format(asOf))]
        if let asRecordedAt { items.append(("as-recorded-at", stationTime.format(asRecordedAt))) }
        if let area = within ?? self.within { items.append(("within", area)) }
        items += extra
        return path + "?" + items.map { "\($0.0)=\(WebPage.encoded($0.1))" }.joined(separator: "&")
    }
}

/// The report a dashboard shows: the request (scope included) and what it is restricted to.
struct DashboardReport: Sendable {
    var request: ReportRequest
    /// The area drilled into, when any.
    var area: Area?
    /// The `--within` values of the same report on the command line.
    var withinArguments: [String]
}

extension WebApp {
    func addDashboardRoutes(to router: Router<WebContext>) {
        router.get("/dashboard") { request, context in
            let user = try context.requireUser()
            let (query, report) = try await dashboardReport(request, user: user, context: context)
            let app = self
            let language = context.language
            // Events are only ever added: the events in every chain say whether any was.
            let version = try await blocking {
                try app.engine.store.read { reader in
                    (try reader.chainHeads().values.reduce(0) { $0 + $1.sequence }, try reader.ledgerTail().sequence)
                }
            }
            let key = ReportCache.Key(
                query: query, scope: report.request.scope, areas: user.areas.map(\.id), lines: AreaLine.allCases.filter { user.works(on: $0) },
                language: language, events: version.0, ledger: version.1)
            let page = try await reports.page(key) {
                try await app.blocking {
                    try app.engine.withReport(report.request) { document in
                        try DashboardPage(app: app, user: user, query: query, report: report, document: document, language: language).body()
                    }
                }
            }
            return WebPage.response(language.pick("整改率看板", "Rectification dashboard"), page, context)
        }
        router.get("/dashboard/export") { request, context in
            let user = try context.requireUser()
            let (_, report) = try await dashboardReport(request, user: user, context: context)
            let name = request.uri.queryParameters["format"].map(String.init) ?? "json"
            let exporter = try exporters.exporter(named: name, for: .report)
            let options = ExportOptions(language: context.language, stationTime: engine.stationTime)
            let app = self
            let bytes = try await blocking {
                try app.engine.withReport(report.request) { document in
                    let output = ExportOutput()
                    try exporter.export(document, options: options, to: output)
                    return try output.finish()
                }
            }
            let file = "safegrid-report-\(report.request.by.rawValue).\(try exporter.fileExtension(for: options))"
            return Response(
                status: .ok,
                headers: [
                    .contentType: try exporter.mediaType(for: options),
                    .contentDisposition: "attachment; filename=\"\(file)\"",
                ],
                body: .init(byteBuffer: .init(bytes: bytes)))
        }
    }

    /// The report a user asked for, restricted to their scope and to the area drilled into.
    /// An area outside the user's line or scope is a 404: they cannot tell it exists.
    func dashboardReport(_ request: Request, user: WebUser, context: WebContext) async throws -> (DashboardQuery, DashboardReport) {
        let l = context.language
        let query = try DashboardQuery(request, now: engine.clock.now(), stationTime: engine.stationTime, language: l)
        let directory = user.directory
        let notFound = HTTPError(.notFound, message: l.pick("没有这个区域：\(query.within ?? "")", "No such area: \(query.within ?? "")"))
        // The areas the report is restricted to, as `report --within` would name them.
        var areas = user.areas
        var drilled: Area?
        if let text = query.within {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let level = AreaLevel(rawValue: parts[0]), let chosen = directory.area(level, parts[1]),
                  user.works(on: level.line)
            else { throw notFound }
            drilled = chosen
            let covered = directory.scope(covering: [chosen])
            if let scope = user.scope, scope.intersection(covered) != covered {
                // Part of the area is the user's: its grids (or police grids) that are.
                let mine = scope.intersection(covered)
                guard !mine.isEmpty else { throw notFound }
                areas = mine.grids.sorted().compactMap { directory.area(.grid, $0) } + mine.policeGrids.sorted().compactMap { directory.area(.policeGrid, $0) }
            } else {
                areas = [chosen]
            }
        }
        if let level = query.by.areaLevel, user.scope != nil, !user.works(on: level.line) {
            throw HTTPError(.notFound, message: l.pick("不能按另一条线的区域分组", "Cannot group by the other line's areas"))
        }
        var report = ReportRequest(
            asOf: query.asOf, asRecordedAt: query.asRecordedAt, by: query.by,
            colours: query.by.areaLevel != nil && query.asRecordedAt == nil)
        if !areas.isEmpty { report.restrict(to: areas, in: directory) }
        return (query, DashboardReport(request: report, area: drilled, withinArguments: areas.map { "\($0.level.rawValue)/\($0.code)" }))
    }
}
