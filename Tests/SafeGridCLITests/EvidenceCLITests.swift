import Foundation
import Testing

/// Evidence files through the binary: kept in the store's evidence folder under their SHA-256,
/// listed by `hazard show`, found by `evidence path`, checked by `verify`; refused files and
/// missing required photos leave the store as it was.
@Suite("Evidence kept: files beside the store, show, path, verify, photo required")
struct EvidenceCLITests {
    static let found = "2026-06-01T10:00"
    static let now = "2026-06-01T12:00"

    /// P1 needs a photo, P2 may have one; both 7 days.
    static let photoChecklist = """
        <?xml version="1.0" encoding="UTF-8"?>
        <checklist xmlns="urn:safegrid:checklist:1" id="photo" version="1.0.0" category="fire">
          <title xml:lang="en">photo</title>
          <section id="s">
            <title xml:lang="en">Items</title>
            <item id="P1" severity="major" deadline="7d">
              <prompt xml:lang="en">Exit blocked</prompt>
              <evidence photo="required"/>
            </item>
            <item id="P2" severity="minor" deadline="7d">
              <prompt xml:lang="en">Sign missing</prompt>
            </item>
          </section>
        </checklist>

        """

    /// A workspace with the example's areas and venues, the photo checklist, and two photos.
    func workspace() throws -> EngineWorkspace {
        let work = try EngineWorkspace("evidence")
        try work.setUpExample(extraChecklists: [("photo.xml", Self.photoChecklist)])
        try Data("before: boxes in the exit".utf8).write(to: work.url("before.jpg"))
        try Data("after: the exit is clear".utf8).write(to: work.url("after.jpg"))
        return work
    }

    func responses(_ work: EngineWorkspace, _ name: String, _ object: [String: Any]) throws -> URL {
        let file = work.url(name)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: file)
        return file
    }

    func inspect(_ work: EngineWorkspace, _ responses: URL, venue: String = "V1") throws -> EngineOutcome {
        try work.run(["inspect", "--venue", venue, "--checklist", "photo", "--at", Self.found, "--responses", responses.path,
                      "--format", "json", "--lang", "en"], now: Self.now)
    }

    func hazardIDs(_ outcome: EngineOutcome) throws -> [String: String] {
        let hazards = EngineJSON.array(EngineJSON.object(try EngineJSON.parse(outcome.stdout))["hazards"]).map(EngineJSON.object)
        return Dictionary(uniqueKeysWithValues: hazards.map { (EngineJSON.string($0["item"])!, EngineJSON.string($0["id"])!) })
    }

    /// Where the store keeps a file of this SHA-256.
    func kept(_ work: EngineWorkspace, _ sha: String) -> String {
        work.store.path + ".evidence/" + sha.prefix(2) + "/" + sha
    }

    /// Every file in the evidence folder, relative to it.
    func folderContents(_ work: EngineWorkspace) -> [String] {
        let folder = work.store.path + ".evidence"
        return (FileManager.default.subpaths(atPath: folder) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }.sorted()
    }

    @Test("before and after photos kept under their hashes, listed by hazard show, found by evidence path; verify names an altered or missing file")
    func beforeAndAfter() throws {
        let work = try workspace()
        defer { work.remove() }
        let before = StoreBytes.sha256(work.url("before.jpg").path), after = StoreBytes.sha256(work.url("after.jpg").path)
        let answers = try responses(work, "r.json", ["P1": ["result": "fail", "evidence": ["before.jpg"]], "P2": "pass"])
        let recorded = try inspect(work, answers)
        #expect(recorded.succeeded, "\(recorded)")
        let hazard = try #require(try hazardIDs(recorded)["P1"])
        try work.ok(["hazard", "rectify", hazard, "--evidence", work.url("after.jpg").path], now: Self.now)
        // Given again with the re-inspection: the same bytes are kept once.
        try work.ok(["hazard", "reinspect", hazard, "--pass", "--evidence", "after.jpg"], now: Self.now)

        #expect(folderContents(work) == [String(before.prefix(2)) + "/" + before, String(after.prefix(2)) + "/" + after].sorted())
        #expect(FileManager.default.contents(atPath: kept(work, before)) == FileManager.default.contents(atPath: work.url("before.jpg").path))
        #expect(StoreBytes.sha256(kept(work, after)) == after)

        let text = try work.ok(["hazard", "show", hazard, "--lang", "en"], now: Self.now).stdout
        #expect(text.contains("evidence (before) \(kept(work, before))"), "\(text)")
        #expect(text.contains("evidence (after) \(kept(work, after))"), "\(text)")
        let history = EngineJSON.object(try work.json(["hazard", "show", hazard], now: Self.now))
        let files = EngineJSON.array(history["events"]).map(EngineJSON.object).map { event in
            EngineJSON.array(event["evidenceFiles"]).map(EngineJSON.object).map {
                [EngineJSON.string(event["kind"]), EngineJSON.string($0["role"]), EngineJSON.string($0["hash"]),
                 EngineJSON.string($0["path"]), EngineJSON.string($0["status"])]
            }
        }
        #expect(files == [
            [["recorded", "before", before, kept(work, before), "intact"]],
            [["rectify", "after", after, kept(work, after), "intact"]],
            [["reinspect-pass", "after", after, kept(work, after), "intact"]],
        ])

        #expect(try work.ok(["evidence", "path", before], now: Self.now).stdout == kept(work, before) + "\n")
        #expect(try work.ok(["evidence", "path", String(after.prefix(8)).uppercased()], now: Self.now).stdout == kept(work, after) + "\n")
        let unknown = try work.run(["evidence", "path", "0123456789abcdef", "--lang", "en"], now: Self.now)
        #expect(unknown.status == 1 && unknown.stderr.contains("no evidence file with the hash 0123456789abcdef"), "\(unknown)")
        #expect(try work.run(["evidence", "path", "abc"], now: Self.now).status == 2)

        let intact = try work.ok(["verify", "--lang", "en"], now: Self.now)
        #expect(intact.stdout.contains("2 evidence files have their hashes"), "\(intact)")

        // One byte of the after photo changed: verify names the file, both events and the hazard.
        let events = EngineJSON.array(history["events"]).map(EngineJSON.object)
        let afterFile = kept(work, after)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: afterFile)
        var bytes = [UInt8](FileManager.default.contents(atPath: afterFile)!)
        bytes[3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: afterFile))
        let altered = try work.run(["verify", "--lang", "en"], now: Self.now)
        #expect(altered.status == 1, "\(altered)")
        for event in events.dropFirst() {
            #expect(altered.stderr.contains("evidence file \(afterFile) was altered"), "\(altered)")
            #expect(altered.stderr.contains(EngineJSON.string(event["id"])! + ", hazard \(hazard)"), "\(altered)")
        }
        #expect(!altered.stderr.contains(kept(work, before)), "\(altered)")
        let report = EngineJSON.object(EngineJSON.object(try EngineJSON.parse(
            try work.run(["verify", "--format", "json"], now: Self.now).stdout))["evidence"])
        #expect(EngineJSON.array(report["problems"]).map(EngineJSON.object).map { EngineJSON.string($0["status"]) } == ["altered", "altered"])

        // The before photo removed: named as missing with the finding's event.
        try FileManager.default.removeItem(atPath: kept(work, before))
        let missing = try work.run(["verify", "--lang", "en"], now: Self.now)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("evidence file \(kept(work, before)) is missing (event #1 \(EngineJSON.string(events[0]["id"])!), hazard \(hazard))"),
                "\(missing)")
        #expect(try work.ok(["hazard", "show", hazard, "--lang", "en"], now: Self.now).stdout.contains("\(kept(work, before)) (missing)"))

        // The whole folder gone (a store moved without it): said once, with what to do.
        let folder = work.store.path + ".evidence"
        try FileManager.default.removeItem(atPath: folder)
        let gone = try work.run(["verify", "--lang", "en"], now: Self.now)
        #expect(gone.status == 1 && !gone.signalled, "\(gone)")
        #expect(gone.stderr.contains("the evidence folder \(folder) does not exist, so none of the 2 evidence files can be checked"), "\(gone)")
        #expect(gone.stderr.contains("point SAFEGRID_EVIDENCE at where the files are"), "\(gone)")
        let goneChinese = try work.run(["verify"], now: Self.now)
        #expect(goneChinese.stderr.contains("证据文件夹 \(folder) 不存在"), "\(goneChinese)")
        #expect(try work.ok(["hazard", "show", hazard, "--lang", "en"], now: Self.now).stdout.contains("\(kept(work, after)) (missing)"))
    }

    @Test("missing, directory and oversized evidence refused naming the file (and the limit), store unchanged")
    func refusedFiles() throws {
        let work = try workspace()
        defer { work.remove() }
        let recorded = try inspect(work, try responses(work, "r.json", ["P1": "pass", "P2": "fail"]))
        let hazard = try #require(try hazardIDs(recorded)["P2"])
        try FileManager.default.createDirectory(at: work.url("photos"), withIntermediateDirectories: true)
        let cases: [(file: String, extra: [String: String], message: String)] = [
            ("nothere.jpg", [:], "the evidence file \(work.url("nothere.jpg").path) does not exist"),
            ("photos", [:], "the evidence file \(work.url("photos").path) is a directory, not a file"),
            ("after.jpg", ["SAFEGRID_EVIDENCE_MAX_BYTES": "10"],
             "the evidence file \(work.url("after.jpg").path) is 24 bytes, larger than the limit of 10 bytes (SAFEGRID_EVIDENCE_MAX_BYTES)"),
        ]
        for (file, extra, message) in cases {
            let before = StoreBytes(work.store)
            let rectify = try work.run(["hazard", "rectify", hazard, "--evidence", file, "--lang", "en"], now: Self.now, extra: extra)
            EngineLifecycleCLITests.expectRefusal(rectify, code: "invalid-input", naming: [message], before: before, store: work.store)
            let answers = try responses(work, "bad.json", ["P1": "pass", "P2": ["result": "fail", "evidence": [file]]])
            let inspection = try work.run(
                ["inspect", "--venue", "V2", "--checklist", "photo", "--at", Self.found, "--responses", answers.path, "--lang", "en"],
                now: Self.now, extra: extra)
            EngineLifecycleCLITests.expectRefusal(inspection, code: "invalid-input", naming: [message], before: before, store: work.store)
        }
        #expect(folderContents(work).isEmpty)
        // Within the limit it is kept.
        try work.ok(["hazard", "rectify", hazard, "--evidence", "after.jpg"], now: Self.now)
        #expect(folderContents(work).count == 1)
    }

    @Test("photo required: a failed item needs one (fixed on the spot too), and its hazard cannot be reported fixed without an after photo")
    func photoRequired() throws {
        let work = try workspace()
        defer { work.remove() }
        for (label, answer) in [("fail", ["result": "fail"] as [String: Any]), ("fixed on the spot", ["result": "fail", "fixedOnSpot": true])] {
            let before = StoreBytes(work.store)
            let refused = try inspect(work, try responses(work, "r.json", ["P1": answer, "P2": "fail"]))
            EngineLifecycleCLITests.expectRefusal(
                refused, code: "invalid-input", naming: ["P1: the checklist requires a photo of this finding"], before: before, store: work.store)
            #expect(!refused.stderr.contains("P2:"), "\(label): \(refused)")
        }
        let recorded = try inspect(work, try responses(work, "r.json", ["P1": ["result": "fail", "evidence": ["before.jpg"]], "P2": "fail"]))
        #expect(recorded.succeeded, "\(recorded)")
        let ids = try hazardIDs(recorded)
        let (p1, p2) = (try #require(ids["P1"]), try #require(ids["P2"]))

        let before = StoreBytes(work.store)
        let refused = try work.run(["hazard", "rectify", p1, "--note", "已清理", "--lang", "en"], now: Self.now)
        EngineLifecycleCLITests.expectRefusal(
            refused, code: "photo-required", naming: ["hazard \(p1): item P1 of photo requires a photo", "--evidence FILE"],
            before: before, store: work.store)
        try work.ok(["hazard", "rectify", p2], now: Self.now)  // P2's photo is optional
        try work.ok(["hazard", "rectify", p1, "--evidence", "after.jpg"], now: Self.now)
        let shown = EngineJSON.object(try work.json(["hazard", "show", p1], now: Self.now))
        #expect(EngineJSON.string(EngineJSON.object(shown["hazard"])["status"]) == "awaiting")
        try work.ok(["verify"], now: Self.now)
    }

    @Test("a store from before evidence was kept: its hashes are reported not kept, without failing; later files are checked")
    func storeFromBefore() throws {
        let work = try workspace()
        defer { work.remove() }
        let recorded = try inspect(work, try responses(work, "r.json", ["P1": ["result": "fail", "evidence": ["before.jpg"]], "P2": "fail"]))
        let ids = try hazardIDs(recorded)
        let (p1, p2) = (try #require(ids["P1"]), try #require(ids["P2"]))
        try work.ok(["hazard", "rectify", p1, "--evidence", "after.jpg"], now: Self.now)
        // As SafeGrid before migration v5 left it: hashes in the events, no files, no marker.
        try FileManager.default.removeItem(atPath: work.store.path + ".evidence")
        let downgrade = try work.sqlite("DROP TABLE evidence_kept; DELETE FROM grdb_migrations WHERE identifier = 'v5';")
        #expect(downgrade.status == 0, "\(downgrade)")

        let old = try work.run(["verify", "--lang", "en"], now: Self.now)
        #expect(old.succeeded, "\(old)")
        #expect(old.stdout.contains("Not kept: 2 evidence files were recorded before evidence was kept"), "\(old)")
        #expect(old.stdout.contains("not kept (recorded before evidence was kept; event #1"), "\(old)")
        #expect(try work.rows("SELECT from_event, from_inspection FROM evidence_kept").map { EngineJSON.int($0["from_event"]) } == [4])

        // Evidence given from now on is kept and checked; the old hashes stay excused.
        try Data("after of P2".utf8).write(to: work.url("p2.jpg"))
        try work.ok(["hazard", "rectify", p2, "--evidence", "p2.jpg"], now: Self.now)
        try work.ok(["verify"], now: Self.now)
        let sha = StoreBytes.sha256(work.url("p2.jpg").path)
        try FileManager.default.removeItem(atPath: kept(work, sha))
        let broken = try work.run(["verify", "--lang", "en"], now: Self.now)
        #expect(broken.status == 1 && broken.stderr.contains("evidence file \(kept(work, sha)) is missing (event #4"), "\(broken)")
        #expect(broken.stderr.contains("hazard \(p2)") && !broken.stderr.contains(p1), "\(broken)")
        // The marker is fixed once written.
        #expect(try work.sqlite("UPDATE evidence_kept SET from_event = 99").status != 0)
    }
}
