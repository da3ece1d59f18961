import Foundation
import Hummingbird
import SafeGridCore
import SafeGridEngine

extension WebApp {
    func addHazardRoutes(to router: Router<WebContext>) {
        router.get("/hazards/{id}") { request, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            let app = self
            let (state, events, venue) = try await blocking { () -> (HazardState, [HazardEvent], Venue?) in
                let (state, events) = try app.visibleHistory(id, user)
                return (state, events, try app.engine.store.read { try $0.venue(id: state.record.venueID) })
            }
            let page = HazardPage(
                engine: engine, user: user, session: context.session, state: state, events: events, venue: venue, directory: user.directory,
                language: context.language, message: request.uri.queryParameters["done"].map { _ in
                    context.language.pick("已登记。", "Recorded.")
                })
            return WebPage.response("\(state.id) · \(state.record.title.resolved(for: context.language))", page.body(), context)
        }
        router.get("/hazards/{id}/photos/{hash}") { _, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            let hash = try context.parameters.require("hash")
            // Only a full SHA-256 in hex, and only one this hazard's own events name: nothing
            // else in the evidence folder (or outside it) can be reached through this path.
            guard hash.count == 64, hash.utf8.allSatisfy({ ("0"..."9").contains(Character(UnicodeScalar($0))) || ("a"..."f").contains(Character(UnicodeScalar($0))) }) else {
                throw HTTPError(.notFound, message: context.language.pick("没有这张照片", "No such photo"))
            }
            let app = self
            let bytes = try await blocking { () -> [UInt8]? in
                let (_, events) = try app.visibleHistory(id, user)
                guard let digest = events.flatMap(\.evidence).first(where: { $0.hex == hash }) else { return nil }
                return app.engine.evidence?.contents(of: digest, maxBytes: WebLimits.photoBytes * 4)
            }
            guard let bytes, let type = NoticePhoto.mediaType(of: bytes) else {
                throw HTTPError(.notFound, message: context.language.pick("没有这张照片", "No such photo"))
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: type, .contentDisposition: "inline", .cacheControl: "private, max-age=3600",
                    // An image, never a page: even an SVG opened on its own runs nothing.
                    .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                ],
                body: .init(byteBuffer: .init(bytes: bytes)))
        }
        router.post("/hazards/{id}/{action}") { request, context in
            let form = try await WebForm.read(request, context: context)
            let user = try context.requireWriter(form)
            let id = try context.parameters.require("id")
            let l = context.language
            guard let action = HazardAction(rawValue: try context.parameters.require("action")), HazardPage.actions.contains(action) else {
                throw HTTPError(.notFound, message: l.pick("没有这个操作", "No such action"))
            }
            let kind = try Self.eventKind(action, form, user: user, stationTime: engine.stationTime, language: l)
            let photos = try Self.photos(form, action: action, language: l)
            let app = self
            let changed = try await blocking { () throws -> String in
                let evidence = try photos.map(app.keep)
                // Resolved before the write transaction: the store is not re-entered from inside it.
                guard let full = try? app.engine.hazardID(matching: id) else { throw SafeGridError.notFound("hazard", id) }
                return try app.engine.batch { batch in
                    guard let state = try batch.hazard(id: full), user.covers(state) else { throw SafeGridError.notFound("hazard", id) }
                    if case .reassigned(let grid, let policeGrid, _) = kind {
                        guard user.covers(gridCode: grid ?? state.gridCode, policeGridCode: policeGrid ?? state.policeGridCode) else {
                            throw HTTPError(.forbidden, message: l.pick("只能改派到你负责的区域之内", "A hazard can only be moved within your own areas"))
                        }
                    }
                    return try batch.update(full, kind, actor: user.name, note: form["note"], evidence: evidence).id
                }
            }
            return WebPage.redirect("/hazards/\(WebPage.encoded(changed))?done=\(action.rawValue)")
        }
    }

    /// The hazard and its events, when the user's scope covers it; else not found (a user
    /// cannot tell a hazard outside their scope from one that does not exist).
    func visibleHistory(_ id: String, _ user: WebUser) throws -> (HazardState, [HazardEvent]) {
        guard let full = try? engine.hazardID(matching: id) else { throw SafeGridError.notFound("hazard", id) }
        let (state, events) = try engine.history(of: full)
        guard user.covers(state) else { throw SafeGridError.notFound("hazard", id) }
        return (state, events)
    }

    /// The event a form asks for; a missing field is a 400 that names it.
    static func eventKind(
        _ action: HazardAction, _ form: WebForm, user: WebUser, stationTime: StationTime, language l: DisplayLanguage
    ) throws -> HazardEvent.Kind {
        func required(_ name: String, _ label: String) throws -> String {
            guard let value = form[name] else { throw HTTPError(.badRequest, message: l.pick("请填写\(label)", "Please fill in \(label)")) }
            return value
        }
        switch action {
        case .reportRectification: return .rectificationReported
        case .reinspectPass: return .reinspectionPassed
        case .reinspectFail: return .reinspectionFailed
        case .extend:
            let text = try required("until", l.pick("新期限", "the new deadline"))
            guard let until = stationTime.parse(text, bareDateMeansEndOfDay: true) else {
                throw HTTPError(.badRequest, message: l.pick("新期限 '\(text)' 不是日期（2026-06-30）", "The new deadline '\(text)' is not a date (2026-06-30)"))
            }
            return .deadlineExtended(until: until, reason: try required("reason", l.pick("理由", "the reason")))
        case .defer: return .deferred(reason: try required("reason", l.pick("理由", "the reason")))
        case .cancel: return .cancelled(reason: try required("reason", l.pick("理由", "the reason")))
        case .reassign:
            let grid = form["grid"]
            let policeGrid = form["police-grid"]
            guard grid != nil || policeGrid != nil else {
                throw HTTPError(.badRequest, message: l.pick("请填写新网格或新警格", "Please give the new grid or police grid"))
            }
            return .reassigned(gridCode: grid, policeGridCode: policeGrid, reason: try required("reason", l.pick("理由", "the reason")))
        case .refer: return .referred(department: try required("department", l.pick("部门", "the department")))
        case .fixOnSpot, .resolveConflict: throw HTTPError(.notFound, message: l.pick("没有这个操作", "No such action"))
        }
    }

    /// The photos posted with a rectification or re-inspection: images by their bytes only
    /// (JPEG, PNG, GIF, WebP; an SVG is a document, not a photo), each within the limit.
    static func photos(_ form: WebForm, action: HazardAction, language l: DisplayLanguage) throws -> [[UInt8]] {
        guard !form.files.isEmpty else { return [] }
        guard [.reportRectification, .reinspectPass, .reinspectFail].contains(action) else {
            throw HTTPError(.badRequest, message: l.pick("此操作不带照片", "This action takes no photos"))
        }
        return try form.files.map { try checkedPhoto($0.bytes, named: $0.filename, language: l) }
    }

    /// A posted file's bytes when they are a photo: JPEG, PNG, GIF or WebP by the bytes
    /// themselves (an SVG is a document, not a photo); else 415 naming the file.
    static func checkedPhoto(_ bytes: [UInt8], named filename: String, language l: DisplayLanguage) throws -> [UInt8] {
        guard let type = NoticePhoto.mediaType(of: bytes), type != "image/svg+xml" else {
            throw HTTPError(.unsupportedMediaType, message: l.pick(
                "\(filename) 不是照片（JPEG、PNG、GIF 或 WebP）", "\(filename) is not a photo (JPEG, PNG, GIF or WebP)"))
        }
        return bytes
    }

    /// Keeps a checked photo in the store's evidence folder, content-addressed as the CLI keeps it.
    func keep(_ photo: [UInt8]) throws -> SHA256Digest {
        guard let store = engine.evidence else { throw SafeGridError.invalidInput("this store keeps no evidence", chinese: "此数据存储不保存证据") }
        return try store.keep(photo)
    }
}
