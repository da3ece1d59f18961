import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSync

/// `safegrid bundle`: signed files that carry records between laptops and the station.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Signed bundles (数据包) that carry records between laptops and the station.",
        discussion: """
            A laptop exports what it recorded offline; the station merges it. The
            station exports a reference bundle (areas, venues, checklists, open
            hazards of some grids) that a laptop merges before the night. Every
            bundle is signed with the exporting machine's key (key init) and merged
            only where that key is trusted (key trust). The format is
            docs/BUNDLE.md.

            Examples:
              safegrid bundle export --output night-0612.sgb     # on the laptop
              safegrid bundle merge night-0612.sgb               # at the station
              safegrid bundle export --reference --grid G1 --grid G2 --output g1g2.sgb
            """,
        subcommands: [Export.self, Merge.self]
    )

    /// The limits from the environment: `SAFEGRID_BUNDLE_MAX_BYTES`, `SAFEGRID_EVIDENCE_MAX_BYTES`.
    static func limits() throws -> BundleLimits {
        let environment = ProcessInfo.processInfo.environment
        var limits = BundleLimits(evidenceBytes: try Context.evidenceMaxBytes(environment))
        if let text = environment["SAFEGRID_BUNDLE_MAX_BYTES"], !text.isEmpty {
            guard let value = Int(text), value > 0 else {
                throw SafeGridError.invalidInput(
                    "SAFEGRID_BUNDLE_MAX_BYTES '\(text)' is not a number of bytes (e.g. 2147483648)",
                    chinese: "SAFEGRID_BUNDLE_MAX_BYTES '\(text)' 不是字节数（例如 2147483648）")
            }
            limits.fileBytes = value
        }
        return limits
    }

    struct Export: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a signed bundle: this laptop's new records, or (--reference) what laptops need for some grids.",
            discussion: """
                Without --reference: the events recorded on this machine (not those
                merged into it) after the last export, with the inspections, checklist
                versions and evidence files they name. --since TIME sends those recorded
                from TIME on, --all every one; neither moves the mark the next plain
                export starts from. Needs key init. The file is written under a
                temporary name and renamed when complete.

                Examples:
                  safegrid bundle export --output night-0612.sgb
                  safegrid bundle export --since 2026-06-10 --output resend.sgb
                  safegrid bundle export --all --output everything.sgb
                  safegrid bundle export --reference --grid G1 --grid G2 --output g1g2.sgb
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "The bundle file to write.") var output: String
        @Option(help: "Only events recorded at or after this time (ISO 8601).") var since: String?
        @Flag(help: "Every event recorded on this machine.") var all = false
        @Flag(help: "A reference bundle for laptops: areas, venues, checklists and open hazards of --grid.") var reference = false
        @Option(help: "A grid for --reference (repeat for several).") var grid: [String] = []

        func validate() throws {
            if since != nil && all { throw ValidationError("--since and --all cannot be given together") }
            if reference && (since != nil || all) { throw ValidationError("--since and --all are for events bundles, not --reference") }
            if reference && grid.isEmpty { throw ValidationError("--reference needs at least one --grid CODE") }
            if !reference && !grid.isEmpty { throw ValidationError("--grid is for --reference") }
        }

        func run() throws {
            let key = try KeyCommand.signingKey()
            let context = try Context.open(global)
            let language = context.language
            let limits = try BundleCommand.limits()
            let environment = ProcessInfo.processInfo.environment
            let store = URL(fileURLWithPath: try Context.storePath(global, environment)).lastPathComponent
            let now = context.engine.clock.now()
            let selection: EventSelection = if all { .all } else if let since { .recordedSince(try context.time(since, option: "--since", endOfDay: false)!) } else { .sinceLastExport }

            let (writer, sent) = try context.engine.store.read { reader -> (BundleWriter, BundleContents.Sent?) in
                let contents = BundleContents(reader: reader, evidence: context.engine.evidence, limits: limits)
                // Where the events sent lie in this store's own history (read in the same read),
                // so the station can check they continue what it has from this laptop.
                let header = BundleHeader(
                    kind: reference ? .reference : .events, createdAt: now, signer: key,
                    store: ([store] + [try? context.actor(nil)].compactMap { $0 }).joined(separator: ", "), grids: reference ? grid : nil,
                    history: reference ? nil : try contents.history(selection))
                let writer = try BundleWriter(path: output, key: key, header: header)
                if reference {
                    try contents.writeReference(grids: grid, to: writer)
                    return (writer, nil)
                }
                return (writer, try contents.writeEvents(selection, to: writer))
            }
            let counts = try writer.finish()
            // Moved only once the file is in place: a failed export is sent again next time.
            if selection == .sinceLastExport, !reference, let sent {
                try context.engine.store.write { writer in
                    if let last = sent.lastEvent { try writer.setLastExportedSequence(last) }
                    if let last = sent.lastInspection { try writer.setLastExportedInspection(last) }
                }
            }
            if format == .json {
                try context.json(counts)
            }
            Output.error(language.pick(
                "已写入 \(output)（\(reference ? "参考数据包" : "事件数据包")，签名指纹 \(key.fingerprint)）：\(Self.describe(counts, language))",
                "wrote \(output) (\(reference ? "reference" : "events") bundle, signed by \(key.fingerprint)): \(Self.describe(counts, language))"))
        }

        @Option(help: "Also print the counts on stdout: text (none) or json.") var format: DataFormat = .text

        static func describe(_ counts: BundleCounts, _ language: DisplayLanguage) -> String {
            language == .chinese
                ? "事件 \(counts.events) 条，检查记录 \(counts.inspections) 份，检查表 \(counts.checklists) 个，证据文件 \(counts.evidence) 个，区域 \(counts.areas) 个，网格关联 \(counts.links) 条，场所 \(counts.venues) 个"
                : "\(counts.events) events, \(counts.inspections) inspections, \(counts.checklists) checklists, \(counts.evidence) evidence files, \(counts.areas) areas, \(counts.links) grid links, \(counts.venues) venues"
        }
    }

    struct Merge: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify signed bundles and merge them into the store (idempotent).",
            discussion: """
                Every file is checked whole first (format, SHA-256, signature, and a
                signer the store trusts and has not revoked), then read again and
                merged, all files in one transaction, each part checked as it comes;
                a bad file exits 1 and nothing is merged. Events keep their ids and who recorded them; merging the
                same bundle again adds nothing. Events that clash (two laptops acted on
                one hazard) are kept as conflicts: hazard conflicts. Limits:
                SAFEGRID_BUNDLE_MAX_BYTES (default 2147483648), and evidence files as
                SAFEGRID_EVIDENCE_MAX_BYTES.

                Examples:
                  safegrid bundle merge night-0612.sgb
                  safegrid bundle merge laptop-1.sgb laptop-2.sgb laptop-3.sgb
                  safegrid bundle merge g1g2.sgb           # on a laptop: reference
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The bundle files.", valueName: "file")) var files: [String]
        @Option(help: "Output format: text or json.") var format: DataFormat = .text

        struct Merged: Encodable {
            var file: String
            var signer: String
            var signerName: String
            var kind: String
            var summary: MergeSummary
            var evidenceFiles: Int
            var unresolvedConflicts: Int
        }

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one bundle file") }
        }

        func run() throws {
            let context = try Context.open(global, creating: true)
            let language = context.language
            let reader = BundleReader(limits: try BundleCommand.limits())
            let trusted = try context.engine.store.read { try $0.trustedKeys() }
            // All files' signatures are checked before any is merged: one bad file merges nothing.
            let bundles = try files.map { try reader.verify($0, trusted: trusted) }
            // All files in one transaction: one that fails while being applied merges nothing.
            let applied = try BundleMerge(reader: reader, engine: context.engine).merge(bundles)
            let conflicts = try context.engine.unresolvedConflictCount()
            var results: [Merged] = []
            for item in applied {
                let bundle = item.bundle
                let merged = Merged(
                    file: bundle.path, signer: bundle.signer.fingerprint, signerName: bundle.signer.name, kind: bundle.header.kind.rawValue,
                    summary: item.summary, evidenceFiles: item.evidenceFiles, unresolvedConflicts: conflicts)
                results.append(merged)
                if format == .text { Output.line(Self.describe(merged, language)) }
            }
            if format == .json { try context.json(results) }
        }

        static func describe(_ merged: Merged, _ language: DisplayLanguage) -> String {
            let s = merged.summary
            return language == .chinese
                ? "\(merged.file)（\(merged.signerName)，\(merged.signer)）：新增事件 \(s.events) 条，已有 \(s.knownEvents) 条；新增检查记录 \(s.inspections) 份；检查表 \(s.checklists) 个，场所 \(s.venues) 个，区域 \(s.areas) 个，节假日文件 \(s.calendarFiles) 个，证据文件 \(merged.evidenceFiles) 个；未解决的冲突 \(merged.unresolvedConflicts) 个"
                : "\(merged.file) (\(merged.signerName), \(merged.signer)): \(s.events) events added, \(s.knownEvents) already known; \(s.inspections) inspections added; \(s.checklists) checklists, \(s.venues) venues, \(s.areas) areas, \(s.calendarFiles) calendar files, \(merged.evidenceFiles) evidence files; \(merged.unresolvedConflicts) unresolved conflicts"
        }
    }
}
