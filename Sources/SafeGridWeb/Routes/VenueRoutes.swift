import Foundation
import Hummingbird
import SafeGridCore
import SafeGridHTMLKit
import SafeGridEngine

extension WebApp {
    func addVenueRoutes(to router: Router<WebContext>) {
        router.get("/venues") { request, context in
            let user = try context.requireUser()
            let l = context.language
            let text = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            // Chosen to inspect: each venue leads to the checklist choice instead of its file.
            let inspecting = request.uri.queryParameters["inspect"] == "1" && user.writes
            let app = self
            let found = try await blocking { () -> [Venue] in
                let venues = text.isEmpty ? try app.engine.store.read { try $0.venues() } : try app.engine.findVenues(text)
                return venues.filter { user.covers($0) }
            }
            var body = """
                <form method="get" action="/venues" class="stack no-print">
                <label>\(l.pick("场所名称、编号或地址", "A venue's name, id or address")) <input name="q" type="search" value="\(text.markupEscaped)" autofocus></label>
                \(inspecting ? "<input type=\"hidden\" name=\"inspect\" value=\"1\">" : "")
                <button type="submit">\(l.pick("查找", "Search"))</button>
                </form>

                """
            let shown = found.prefix(200)
            body += "<p class=\"muted\">\(l.pick("共 \(found.count) 个场所", "\(found.count) venues"))\(found.count > shown.count ? l.pick("，只列出前 \(shown.count) 个", "; the first \(shown.count) shown") : "")</p>\n"
            body += "<ul class=\"venues\" data-venues>\n"
            for venue in shown {
                let href = inspecting ? "/inspect?venue=\(WebPage.encoded(venue.id))" : "/venues/\(WebPage.encoded(venue.id))"
                body += "<li><a href=\"\(href)\">\(venue.name.markupEscaped)</a> <span class=\"muted\">\(venue.id.markupEscaped) · \(venue.address.markupEscaped)</span></li>\n"
            }
            body += "</ul>\n"
            return WebPage.response(l.pick("场所", "Venues"), body, context)
        }
        router.get("/venues/{id}") { _, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            let app = self
            let file = try await blocking { () -> VenueFile in
                guard let venue = try app.engine.store.read({ try $0.venue(id: id) }), user.covers(venue) else {
                    throw SafeGridError.notFound("venue", id)
                }
                return try app.engine.venueFile(venueID: venue.id, asOf: app.engine.clock.now())
            }
            return WebPage.response(file.venue.name, VenuePage(file: file, user: user, time: engine.stationTime, language: context.language).body(), context)
        }
    }
}

/// A venue's page: its facts and colour with the reasons, its inspections, and its hazards
/// linked to their pages.
struct VenuePage {
    let file: VenueFile
    let user: WebUser
    let time: StationTime
    let language: DisplayLanguage

    func body() -> String {
        let l = language
        let venue = file.venue
        let colour = file.rating.colour
        var html = "<p><span class=\"badge \(colour.rawValue)\" data-colour=\"\(colour.rawValue)\">\(colour.label(l).markupEscaped)</span> "
        html += file.rating.reasons.map { $0.resolved(for: l).markupEscaped }.joined(separator: l.pick("；", "; ")) + "</p>\n"
        html += "<div class=\"scroll\"><table class=\"facts\">\n"
        func row(_ label: String, _ value: String) { html += "<tr><th>\(label.markupEscaped)</th><td>\(value.markupEscaped)</td></tr>\n" }
        row(l.pick("编号", "Id"), venue.id)
        row(l.pick("地址", "Address"), venue.address)
        row(l.pick("网格", "Grid"), file.grid.map { "\($0.name) (\($0.code))" } ?? venue.gridCode)
        row(l.pick("警格", "Police grid"), file.policeGrid.map { "\($0.name) (\($0.code))" } ?? venue.policeGridCode)
        // Officers and grid workers call the merchant; a leader reads figures, not people's numbers.
        row(l.pick("联系人", "Contact"), user.writes ? venue.contact : PersonalData.masked(venue.contact))
        row(l.pick("下次检查", "Next inspection due"), file.nextInspectionDue.description)
        html += "</table></div>\n"
        if user.writes {
            html += "<p class=\"no-print\"><a href=\"/inspect?venue=\(WebPage.encoded(venue.id))\" data-inspect>\(l.pick("在此检查", "Inspect here"))</a></p>\n"
        }
        html += "<h2>\(l.pick("隐患（\(file.hazards.count)）", "Hazards (\(file.hazards.count))"))</h2>\n"
        html += "<div class=\"scroll\"><table data-hazards>\n<thead><tr><th>\(l.pick("隐患", "Hazard"))</th><th>\(l.pick("状态", "Status"))</th><th>\(l.pick("整改期限", "Deadline"))</th></tr></thead>\n<tbody>\n"
        for entry in file.hazards {
            let state = entry.state
            html += "<tr data-hazard=\"\(state.id.markupEscaped)\"><td><a href=\"/hazards/\(WebPage.encoded(state.id))\">\(state.id.markupEscaped)</a> \(state.record.title.resolved(for: l).markupEscaped)</td>"
            html += "<td>\(state.status.label(l).markupEscaped)</td><td>\(time.show(state.deadline).markupEscaped)</td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        html += "<h2>\(l.pick("检查（\(file.inspections.count)）", "Inspections (\(file.inspections.count))"))</h2>\n<ul data-inspections>\n"
        for inspection in file.inspections {
            html += "<li>\(time.show(inspection.at).markupEscaped) · \(inspection.checklistID.markupEscaped) \(inspection.checklistVersion.markupEscaped) · \(inspection.inspectors.joined(separator: "、").markupEscaped)</li>\n"
        }
        return html + "</ul>\n"
    }
}
