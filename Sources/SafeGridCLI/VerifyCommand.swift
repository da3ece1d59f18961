import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSync

/// `safegrid verify`: check the event hash chain and the database.
struct VerifyCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: .zh("校验隐患记录的哈希链和数据存储的完整性（防篡改校验）。", en: "Check the hazard history's hash chain and the store's integrity (防篡改校验)."),
        discussion: .zh("""
            发现被改动、插入或删除的事件时，以退出码 1 结束，并指出第一条。

            还检查事件或检查记录引用的每个证据文件是否以原哈希保存在数据存储的证据文件夹中，并指出每个缺失或被改动的文件，以及引用它的事件和隐患（或检查记录和检查项）。在数据存储开始保存证据文件之前登记的记录（只有哈希）列为未保存，不算失败。

            报表读取的其他各行（区域、场所、检查表、检查记录、通知书、复查意见书、节假日文件、受信任的密钥）都与数据存储的台账核对，每行隐患都与其事件推算出的状态核对；每处不同都指明表、行和列。

            在有密钥的机器上（key init）写入的数据存储，每次写入后都有一个签名检查点：记下事件链和台账到哪里为止。verify 用本机密钥和 --key 给出的密钥核对最后一个检查点：从末尾删掉的事件，或重算全部哈希后添加的事件，都能发现，除非伪造者持有私钥。把整个数据存储连同旧检查点复制回旧状态，这种方法发现不了。--require-signed 使没有任何检查点的数据存储校验失败（检查点可能被删掉了）。

            示例：
              safegrid verify --store station.sqlite
              safegrid verify --key BASE64 --require-signed   # 由该密钥签名的检查点
            """, en: """
            Exits 1 and names the first event that was changed, inserted or removed.

            Also checks that every evidence file an event or inspection references is kept in the store's evidence folder with its hash, and names each missing or altered file with the event and hazard (or inspection and item) that reference it. Files of records made before the store kept evidence (hashes only) are listed as not kept, without failing.

            Every other row that reports read (areas, venues, checklists, inspections, notices, re-inspection records, calendar files, trusted keys) is checked against the store's ledger, and every hazard row against what its events fold to; each difference is named by table, row and column.

            A store written on a machine with a key (key init) has a signed checkpoint after every write: where the events and the ledger ended. verify checks the last one against this machine's key and any --key: events cut from the end, or added with every hash recomputed, are found unless the forger holds the private key. A store copied back whole to an older state with its older checkpoint is not found this way. --require-signed fails a store with no checkpoint at all (it may have had them removed).

            Examples:
              safegrid verify --store station.sqlite
              safegrid verify --key BASE64 --require-signed   # checkpoints signed by that key
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .dataFormat) var format: DataFormat = .text
    @Option(help: .zh(
        "除本机密钥外，其签名检查点也可采信的公钥（base64，即 key show 的输出；多个时重复）。",
        en: "A public key (base64, as key show prints it) whose checkpoints are believed, besides this machine's own (repeat for several).",
        valueName: "public-key"))
    var key: [String] = []
    @Flag(help: .zh("数据存储没有签名检查点时校验失败。", en: "Fail when the store has no signed checkpoint.")) var requireSigned = false

    func run() throws {
        let context = try Context.open(global, checking: true)
        var signers = try key.map { try PublicKeys.decode(base64: $0) }
        if let own = try SigningKey.load(from: KeyCommand.keyPath) { signers.append(own.publicKey) }
        let result = try context.engine.verify(signers: signers, requireSigned: requireSigned)
        let l = context.language
        switch format {
        case .json:
            try context.json(VerifyJSON(
                intact: result.isIntact, events: result.eventCount, problem: result.problem.map {
                    VerifyJSON.Problem(sequence: $0.sequence, event: $0.eventID, hazard: $0.hazardID, message: $0.message.resolved(for: l))
                }, integrity: result.integrityProblems, checkpoint: VerifyJSON.Signed(result.checkpoint, l, context.stationTime),
                evidence: VerifyJSON.Evidence(
                    intact: result.evidenceIntact, problems: result.evidenceProblems.map { VerifyJSON.File($0, l) },
                    notKept: result.evidenceNotKept.map { VerifyJSON.File($0, l) })))
        case .text:
            if let problem = result.problem { Output.error(l.pick("篡改：", "tampered: ") + problem.message.resolved(for: l)) }
            // The store's integrity checks write times in UTC; say them in station time.
            for line in result.integrityProblems {
                Output.error(l.pick("数据库完整性：", "database integrity: ") + context.stationTime.rewritingUTCTimes(line))
            }
            var evidenceProblems = result.evidenceProblems[...]
            var notListed = 0
            // A store moved without its evidence folder: said once, not as hundreds of files.
            if let folder = (context.engine.evidence as? FolderEvidenceStore)?.folder, !evidenceProblems.isEmpty,
               !FileManager.default.fileExists(atPath: folder) {
                let files = Set(evidenceProblems.map(\.hash)).count
                Output.error(l.pick(
                    "证据：证据文件夹 \(folder) 不存在，\(files) 个证据文件都无法核对。数据存储是否被移动或复制而没带上它？请把该文件夹放回数据存储旁，或用 SAFEGRID_EVIDENCE 指向证据文件所在处。前几处：",
                    "evidence: the evidence folder \(folder) does not exist, so none of the \(files) evidence files can be checked. Was the store moved or copied without it? Put the folder back beside the store, or point SAFEGRID_EVIDENCE at where the files are. The first few:"))
                notListed = max(0, evidenceProblems.count - 5)
                evidenceProblems = evidenceProblems.prefix(5)
            }
            for check in evidenceProblems { Output.error(l.pick("证据：", "evidence: ") + check.message(l)) }
            if notListed > 0 { Output.error(l.pick("  ……另有 \(notListed) 处", "  ... and \(notListed) more")) }
            let signed = VerifyJSON.Signed(result.checkpoint, l, context.stationTime)
            if result.checkpoint.isBroken { Output.error(l.pick("检查点：", "checkpoint: ") + signed.message) }
            if !result.evidenceNotKept.isEmpty {
                let hashes = Set(result.evidenceNotKept.map(\.hash)).count
                Output.line(l.pick(
                    "未保存：\(hashes) 个证据文件登记于开始保存证据文件之前，仅有哈希（不视为错误）。",
                    "Not kept: \(hashes) evidence files were recorded before evidence was kept (hash only; not a failure)."))
                for check in result.evidenceNotKept.prefix(20) { Output.line("  " + check.message(l)) }
                if result.evidenceNotKept.count > 20 {
                    Output.line(l.pick("  ……另有 \(result.evidenceNotKept.count - 20) 处", "  ... and \(result.evidenceNotKept.count - 20) more"))
                }
            }
            if result.isIntact {
                Output.line(l.pick("完整：\(result.eventCount) 条事件的哈希链无误，数据库完整性检查通过，\(result.evidenceIntact) 个证据文件完好。",
                                   "Intact: the hash chain of \(result.eventCount) events holds, the database passes its integrity check, and \(result.evidenceIntact) evidence files have their hashes."))
            }
            if !result.checkpoint.isBroken { Output.line(signed.message) }
        }
        if !result.isIntact { throw ExitCode(ExitStatus.invalidInput) }
    }

    struct VerifyJSON: Encodable {
        struct Problem: Encodable {
            var sequence: Int64
            var event: String
            var hazard: String
            var message: String
        }

        /// An evidence reference and what was found.
        struct File: Encodable {
            var hash: SHA256Digest
            var path: String
            var status: String
            var event: String?
            var sequence: Int64?
            var hazard: String?
            var inspection: String?
            var item: String?
            var message: String

            init(_ check: EvidenceCheck, _ l: DisplayLanguage) {
                hash = check.hash
                path = check.location
                switch check.status {
                case .intact: status = "intact"
                case .missing: status = "missing"
                case .altered: status = "altered"
                }
                switch check.referrer {
                case .event(let sequence, let id, let hazardID):
                    self.sequence = sequence
                    event = id
                    hazard = hazardID
                case .response(let inspectionID, let itemID):
                    inspection = inspectionID
                    item = itemID
                }
                message = check.message(l)
            }
        }

        struct Evidence: Encodable {
            /// Distinct kept files that still have their hash.
            var intact: Int
            /// Missing or altered files (the store is then not intact).
            var problems: [File]
            /// Files of records made before the store kept evidence.
            var notKept: [File]
        }

        var intact: Bool
        var events: Int
        var problem: Problem?
        var integrity: [String]
        var checkpoint: Signed
        var evidence: Evidence

        /// The last signed checkpoint: `unsigned`, `holds`, `signer-unchecked` or `broken`.
        struct Signed: Encodable {
            var status: String
            var signer: String?
            var signedAt: Date?
            var events: Int64?
            var message: String

            init(_ checkpoint: CheckpointStatus, _ l: DisplayLanguage, _ stationTime: StationTime) {
                switch checkpoint {
                case .unsigned:
                    status = "unsigned"
                    message = l.pick("未签名：本存储没有签名检查点（在有密钥的机器上写入时才会签名，见 key init）。",
                                     "Unsigned: the store has no signed checkpoint (writes are signed on a machine with a key: key init).")
                case .holds(let signed), .signerUnchecked(let signed):
                    let unchecked = if case .signerUnchecked = checkpoint { true } else { false }
                    status = unchecked ? "signer-unchecked" : "holds"
                    signer = signed.fingerprint
                    signedAt = signed.signedAt
                    events = signed.eventSequence
                    let when = stationTime.format(signed.signedAt)
                    message = unchecked
                        ? l.pick("已签名：事件链与台账止于最后一个检查点（\(when)，\(signed.fingerprint) 签名）；本机没有密钥，未核对签名者（用 --key 指定）。",
                                 "Signed: the chains end at the last checkpoint (\(when), signed by \(signed.fingerprint)); this machine has no key, so the signer was not checked (give --key).")
                        : l.pick("已签名：事件链与台账止于最后一个检查点（\(when)，\(signed.fingerprint) 签名）。",
                                 "Signed: the chains end at the last checkpoint (\(when), signed by \(signed.fingerprint)).")
                case .broken(let text):
                    status = "broken"
                    message = text.resolved(for: l)
                }
            }
        }
    }
}
