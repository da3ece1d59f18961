import Foundation
import Hummingbird
import SafeGridCore
import SafeGridEngine

/// Inspection in the browser: the terminal walk's rules on one form. A venue is chosen by
/// name, then a checklist; the items that apply are answered (photos from the camera through
/// a file input), saved as a draft at every step, reviewed with the hazards and deadlines the
/// engine would record, and confirmed. The notice prints at the end.
extension WebApp {
    func addInspectionRoutes(to router: Router<WebContext>) {
        router.get("/inspect") { request, context in
            let user = try context.requireUser()
            guard user.writes else { throw HTTPError(.forbidden, message: context.language.pick("领导账号只能查看", "A leader's account reads only")) }
            let app = self
            let venueID = request.uri.queryParameters["venue"].map(String.init)
            let page = try await blocking { () -> String in
                let drafts = try app.engine.walkDrafts().filter { $0.inspectors.first == user.name }
                guard let venueID else { return InspectionPages.start(drafts: drafts, language: context.language) }
                let venue = try app.visibleVenue(venueID, user)
                let checklists = try app.engine.store.read { try $0.checklists() }
                    .filter { !$0.applicableItems(kind: venue.kind, tags: venue.tags).isEmpty }
                return InspectionPages.chooseChecklist(venue: venue, checklists: checklists, session: context.session, language: context.language)
            }
            return WebPage.response(context.language.pick("检查", "Inspect"), page, context)
        }
        router.post("/inspect") { request, context in
            let form = try await WebForm.read(request, context: context)
            let user = try context.requireWriter(form)
            let l = context.language
            guard let venueID = form["venue"], let checklistID = form["checklist"] else {
                throw HTTPError(.badRequest, message: l.pick("请选择场所和检查表", "Please choose a venue and a checklist"))
            }
            let app = self
            let draft = try await blocking { () -> WalkDraft in
                let venue = try app.visibleVenue(venueID, user)
                guard let checklist = try app.engine.store.read({ try $0.checklist(id: checklistID, version: nil) }) else {
                    throw SafeGridError.notFound("checklist", checklistID)
                }
                return try app.engine.startWalk(venueID: venue.id, checklist: checklist, inspectors: [user.name])
            }
            return WebPage.redirect("/inspect/\(draft.id)")
        }
        router.get("/inspect/{draft}") { _, context in
            let user = try context.requireUser()
            let app = self
            let (draft, venue, checklist) = try await blocking { try app.ownDraft(try context.parameters.require("draft"), user) }
            let page = InspectionPages.form(
                draft: draft, venue: venue, checklist: checklist, engine: engine, session: context.session, language: context.language)
            return WebPage.response("\(venue.name) · \(checklist.title.resolved(for: context.language))", page, context)
        }
        router.post("/inspect/{draft}") { request, context in
            let form = try await WebForm.read(request, context: context)
            let user = try context.requireWriter(form)
            let id = try context.parameters.require("draft")
            let l = context.language
            let app = self
            switch form["step"] ?? "save" {
            case "discard":
                try await blocking {
                    _ = try app.ownDraft(id, user)
                    try app.engine.discardWalk(id: id)
                }
                return WebPage.redirect("/inspect")
            case "record":
                let outcome = try await blocking { () -> InspectionOutcome in
                    let (draft, _, checklist) = try app.ownDraft(id, user)
                    return try app.engine.record(draft, checklist: checklist)
                }
                return WebPage.redirect("/inspect/done/\(outcome.inspection.id)")
            case "review":
                let saved = try await save(form, id, user, l)
                let (draft, venue, checklist) = saved
                let preview = try await blocking { () -> Result<InspectionOutcome, SafeGridError> in
                    do { return .success(try app.engine.previewInspection(draft.input, checklist: checklist)) }
                    catch let error as SafeGridError { return .failure(error) }
                }
                let page = InspectionPages.review(
                    draft: draft, venue: venue, checklist: checklist, preview: preview, engine: engine, session: context.session, language: l)
                return WebPage.response(l.pick("检查小结", "Inspection summary"), page, context)
            default:
                _ = try await save(form, id, user, l)
                return WebPage.redirect("/inspect/\(id)?saved=1")
            }
        }
        router.get("/inspect/done/{inspection}") { _, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("inspection")
            let app = self
            let (inspection, venue, hazards) = try await blocking { () -> (Inspection, Venue, [HazardState]) in
                guard let inspection = try app.engine.store.read({ try $0.inspection(id: id) }) else { throw SafeGridError.notFound("inspection", id) }
                let venue = try app.visibleVenue(inspection.venueID, user)
                var filter = HazardFilter()
                filter.venueID = venue.id
                let hazards = try app.engine.hazards(filter).filter { $0.record.inspectionID == inspection.id }
                return (inspection, venue, hazards)
            }
            let page = InspectionPages.done(
                inspection: inspection, venue: venue, hazards: hazards, engine: engine, session: context.session, language: context.language)
            return WebPage.response(context.language.pick("检查已登记", "Inspection recorded"), page, context)
        }
        router.post("/inspect/done/{inspection}/notice") { request, context in
            let form = try await WebForm.read(request, context: context)
            let user = try context.requireWriter(form)
            let id = try context.parameters.require("inspection")
            let app = self
            let language = context.language
            let html = try await blocking { () -> [UInt8] in
                guard let inspection = try app.engine.store.read({ try $0.inspection(id: id) }) else { throw SafeGridError.notFound("inspection", id) }
                let venue = try app.visibleVenue(inspection.venueID, user)
                let notice = try app.engine.issueNotice(venueID: venue.id, inspectionID: inspection.id)
                let output = ExportOutput()
                try app.exporters.exporter(named: "notice", for: .notice)
                    .export(notice, options: ExportOptions(language: language, stationTime: app.engine.stationTime), to: output)
                return try output.finish()
            }
            // The notice is a document of its own, with its own policy (inline style only).
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: WebPage.documentPolicy], body: .init(byteBuffer: .init(bytes: html)))
        }
    }

    /// The venue, when the user's scope covers it; else not found.
    func visibleVenue(_ id: String, _ user: WebUser) throws -> Venue {
        guard let venue = try engine.store.read({ try $0.venue(id: id) }), user.covers(venue) else { throw SafeGridError.notFound("venue", id) }
        return venue
    }

    /// A draft of the user's own (a draft is its inspector's until recorded), its venue and checklist.
    func ownDraft(_ id: String, _ user: WebUser) throws -> (WalkDraft, Venue, Checklist) {
        guard let draft = try? engine.walkDraft(id: id), draft.inspectors.first == user.name else { throw SafeGridError.notFound("walk draft", id) }
        let venue = try visibleVenue(draft.venueID, user)
        guard let checklist = try engine.store.read({ try $0.checklist(id: draft.checklistID, version: draft.checklistVersion) }) else {
            throw SafeGridError.notFound("checklist", draft.checklistID)
        }
        return (draft, venue, checklist)
    }

    /// Reads the form's answers into the draft and saves it; photos are kept first (by their
    /// bytes) and added to their item's answer.
    private func save(_ form: WebForm, _ id: String, _ user: WebUser, _ l: DisplayLanguage) async throws -> (WalkDraft, Venue, Checklist) {
        let app = self
        return try await blocking {
            var (draft, venue, checklist) = try app.ownDraft(id, user)
            let items = checklist.applicableItems(kind: venue.kind, tags: venue.tags)
            var photos: [String: [SHA256Digest]] = [:]
            for file in form.files {
                guard file.field.hasPrefix("photo."), items.contains(where: { "photo.\($0.id)" == file.field }) else { continue }
                let photo = try WebApp.checkedPhoto(file.bytes, named: file.filename, language: l)
                photos[String(file.field.dropFirst("photo.".count)), default: []].append(try app.keep(photo))
            }
            for item in items {
                var answer = InspectionForm.answer(form, item: item, previous: draft.answers[item.id])
                answer?.evidence += photos[item.id] ?? []
                draft.answers[item.id] = answer
            }
            draft.position = items.filter { draft.answers[$0.id] != nil }.count
            try app.engine.save(&draft)
            return (draft, venue, checklist)
        }
    }
}

/// How the inspection form's fields map to answers, one item at a time.
enum InspectionForm {
    /// The answer a form gives for an item: `nil` when it gives none (the item stays open).
    /// Photos already kept with the draft stay with the answer.
    static func answer(_ form: WebForm, item: ChecklistItem, previous: AnswerInput?) -> AnswerInput? {
        let chosen = form["a.\(item.id)"]
        var answer = AnswerInput(evidence: previous?.evidence ?? [])
        switch (chosen, item.response) {
        case (nil, _): return nil
        case ("na", _): answer.result = .notApplicable
        case ("pass", .passFail): answer.result = .pass
        case ("fail", .passFail): answer.result = .fail
        case ("yes", .yesNo): answer.value = .bool(true)
        case ("no", .yesNo): answer.value = .bool(false)
        case (.some(let option), .choice(let options)) where options.contains(where: { $0.id == option }): answer.value = .string(option)
        case ("value", .number):
            guard let text = form["v.\(item.id)"], let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
            answer.value = .number(number)
        case ("value", .date):
            guard let text = form["v.\(item.id)"], CivilDate(text) != nil else { return nil }
            answer.value = .string(text)
        case ("value", .text):
            answer.value = .string(form["v.\(item.id)"] ?? "")
        default: return nil
        }
        answer.note = form["note.\(item.id)"]
        answer.fixedOnSpot = form["fixed.\(item.id)"] == "on"
        return answer
    }

    /// The radio value an answer shows as chosen.
    static func chosen(_ answer: AnswerInput?) -> String? {
        guard let answer else { return nil }
        if let result = answer.result {
            switch result {
            case .pass: return "pass"
            case .fail: return "fail"
            case .notApplicable: return "na"
            }
        }
        switch answer.value {
        case .bool(let value): return value ? "yes" : "no"
        case .string(let text): return text
        case .number: return "value"
        case nil: return nil
        }
    }
}
