import Foundation
public import SafeGridCore

/// What `verify` found.
public struct ChainVerification: Sendable, Hashable {
    /// The first event that breaks the chain.
    public struct Problem: Sendable, Hashable {
        /// The event's position in the store.
        public var sequence: Int64
        /// The event's id.
        public var eventID: String
        /// The hazard it belongs to.
        public var hazardID: String
        /// What is wrong with it.
        public var message: LocalizedText
    }

    /// Events checked.
    public var eventCount: Int
    /// The first broken link, if any.
    public var problem: Problem?
    /// What the database's own integrity check reported (empty when intact).
    public var integrityProblems: [String]
    /// Evidence files that are missing or no longer have their hash (empty when the engine
    /// has no evidence store).
    public var evidenceProblems: [EvidenceCheck] = []
    /// Evidence recorded before the store kept files (hash only): reported, not a failure.
    public var evidenceNotKept: [EvidenceCheck] = []
    /// Distinct evidence files checked and found intact.
    public var evidenceIntact = 0

    /// What the last signed checkpoint says of where the chains end.
    public var checkpoint: CheckpointStatus = .unsigned

    /// Whether the store is intact.
    public var isIntact: Bool {
        problem == nil && integrityProblems.isEmpty && evidenceProblems.isEmpty && !checkpoint.isBroken
    }
}

/// What `verify` found at the store's last signed `Checkpoint`.
public enum CheckpointStatus: Sendable, Hashable {
    /// The store has no checkpoint: it was never written by a machine with a key.
    case unsigned
    /// The chains end where the checkpoint says, and one of the keys verify was given signed it.
    case holds(Checkpoint)
    /// The chains end where the checkpoint says, but verify was given no key to check its signer
    /// against (anyone can sign with a key of their own).
    case signerUnchecked(Checkpoint)
    /// The checkpoint's signature, its signer or the chains' ends disagree: the chains were cut,
    /// extended or rewritten outside SafeGrid (or the checkpoint itself was edited).
    case broken(LocalizedText)

    /// Whether it makes the store not intact.
    public var isBroken: Bool { if case .broken = self { true } else { false } }
}

/// One reference to an evidence file and what `verify` found at it.
public struct EvidenceCheck: Sendable, Hashable {
    /// Who references it: an event of a hazard, or (when no event does) an inspection's answer.
    public enum Referrer: Sendable, Hashable {
        /// The event (its sequence and id) of a hazard.
        case event(sequence: Int64, id: String, hazardID: String)
        /// An item's answer in an inspection.
        case response(inspectionID: String, itemID: String)
    }

    /// The file's SHA-256.
    public var hash: SHA256Digest
    /// Where it is (or should be) kept.
    public var location: String
    /// What references it.
    public var referrer: Referrer
    /// What was found.
    public var status: EvidenceFileStatus
    /// Recorded before the store kept evidence files: a missing file is "not kept", not an error.
    public var recordedBeforeKept = false

    /// One line for people: what, where, and who references it.
    public func message(_ language: DisplayLanguage) -> String {
        let referrerText: String
        switch referrer {
        case .event(let sequence, let id, let hazardID):
            referrerText = language == .chinese ? "第 \(sequence) 号事件 \(id)，隐患 \(hazardID)" : "event #\(sequence) \(id), hazard \(hazardID)"
        case .response(let inspection, let item):
            referrerText = language == .chinese ? "检查记录 \(inspection) 的 \(item) 项" : "inspection \(inspection), item \(item)"
        }
        switch status {
        case .intact:
            return language == .chinese ? "证据文件 \(location) 完好（\(referrerText)）" : "evidence file \(location) is intact (\(referrerText))"
        case .missing where recordedBeforeKept:
            return language == .chinese
                ? "证据 \(hash.hex) 未保存文件（登记于开始保存证据文件之前；\(referrerText)）"
                : "evidence \(hash.hex) not kept (recorded before evidence was kept; \(referrerText))"
        case .missing:
            return language == .chinese ? "证据文件 \(location) 缺失（\(referrerText)）" : "evidence file \(location) is missing (\(referrerText))"
        case .altered(let actual):
            let now = actual.map { language == .chinese ? "，现哈希为 \($0.short)" : "; it now hashes to \($0.short)" }
                ?? (language == .chinese ? "，无法读取" : "; it cannot be read")
            return language == .chinese
                ? "证据文件 \(location) 已被改动\(now)（\(referrerText)）"
                : "evidence file \(location) was altered\(now) (\(referrerText))"
        }
    }
}

extension SafeGridEngine {
    /// Walks the event hash chain from the first event: an edited, inserted or deleted event
    /// breaks it, and the first event where it breaks is named. Then checks every other row
    /// (`HazardStoreReader/integrityProblems()`), the evidence files, and the last signed
    /// checkpoint against where the chains end.
    /// - Parameters:
    ///   - signers: the public keys whose checkpoints are believed (this machine's own); with
    ///     none, a checkpoint's signer is reported unchecked.
    ///   - requireSigned: a store without any checkpoint is not intact (its checkpoints may
    ///     have been removed along with the events they covered).
    public func verify(signers: [[UInt8]] = [], requireSigned: Bool = false) throws -> ChainVerification {
        try store.read { reader in
            // Where each chain has got to: a store keeps one, or one per station.
            var links: [String: (sequence: Int64, hash: SHA256Digest, eventID: String)] = [:]
            var count = 0
            var problem: ChainVerification.Problem?
            var evidence = EvidenceVerifier(store: self.evidence, keptFrom: try reader.evidenceKeptFrom())
            try reader.chainedEvents(after: Int64.min) { chained in
                count += 1
                let event = chained.event
                evidence.check(chained)
                let last = links[chained.chain] ?? (0, ChainedEvent.genesis, "")
                let (of, ofChinese) = Self.chainName(chained.chain)
                func fail(_ english: String, _ chinese: String) -> Bool {
                    problem = ChainVerification.Problem(
                        sequence: chained.sequence, eventID: event.id, hazardID: event.hazardID,
                        message: LocalizedText(["en": english, "zh-CN": chinese]))
                    return false
                }
                if chained.sequence != last.sequence + 1 {
                    return fail(
                        "event #\(last.sequence + 1)\(of) is missing: the chain jumps to #\(chained.sequence) (event \(event.id), hazard \(event.hazardID))",
                        "\(ofChinese)第 \(last.sequence + 1) 号事件缺失：链直接跳到第 \(chained.sequence) 号（事件 \(event.id)，隐患 \(event.hazardID)）")
                }
                if chained.previousHash != last.hash {
                    return fail(
                        "event #\(chained.sequence)\(of) (\(event.id), hazard \(event.hazardID)) does not follow the event before it: an event was removed or inserted",
                        "\(ofChinese)第 \(chained.sequence) 号事件（\(event.id)，隐患 \(event.hazardID)）与前一事件不衔接：有事件被删除或插入")
                }
                if ChainedEvent.hash(of: event, after: chained.previousHash) != chained.hash {
                    return fail(
                        "event #\(chained.sequence)\(of) (\(event.id), hazard \(event.hazardID)) was changed after it was recorded",
                        "\(ofChinese)第 \(chained.sequence) 号事件（\(event.id)，隐患 \(event.hazardID)）登记后被改动")
                }
                links[chained.chain] = (chained.sequence, chained.hash, event.id)
                return true
            }
            if problem == nil {
                problem = Self.checkHeads(try reader.chainHeads(), against: links)
            }
            var unreadable: [String] = []
            do {
                try reader.inspections { position, inspection in evidence.check(inspection, position: position) }
            } catch {
                // An edited inspection: the integrity check names its row and column.
                unreadable.append("the inspections could not all be read for their evidence (\(error))")
            }
            var result = ChainVerification(eventCount: count, problem: problem, integrityProblems: try reader.integrityProblems() + unreadable)
            result.evidenceProblems = evidence.problems
            result.evidenceNotKept = evidence.notKept
            result.evidenceIntact = evidence.intact
            result.checkpoint = try Self.checkCheckpoint(
                reader, events: links[""].map { ($0.sequence, $0.hash) } ?? (0, ChainedEvent.genesis), signers: signers,
                requireSigned: requireSigned,
                stationTime: stationTime)
            return result
        }
    }

    /// " of chain NAME" for a store's named chain (nothing for a store with one), in English
    /// and in Chinese.
    private static func chainName(_ chain: String) -> (String, String) {
        chain.isEmpty ? ("", "") : (" of chain \(chain)", "链 \(chain) 的")
    }

    /// Each chain's head (kept apart from the events) against where its events end: the newest
    /// events removed, events added around SafeGrid, or the head edited.
    private static func checkHeads(
        _ heads: [String: (sequence: Int64, eventID: String, hash: SHA256Digest)],
        against links: [String: (sequence: Int64, hash: SHA256Digest, eventID: String)]
    ) -> ChainVerification.Problem? {
        for chain in Set(heads.keys).union(links.keys).sorted() {
            let ended = links[chain] ?? (0, ChainedEvent.genesis, "")
            // A store that keeps no head for a chain (one from before heads were kept) is
            // checked by its events alone.
            guard let head = heads[chain] else { continue }
            guard head.sequence != ended.sequence || head.hash != ended.hash || head.eventID != ended.eventID else { continue }
            let (of, ofChinese) = chainName(chain)
            let last = ended.sequence
            let (english, chinese) = if head.sequence > last {
                ("event #\(head.sequence)\(of) (\(head.eventID)) is missing: the store's last event was #\(head.sequence), the chain ends at #\(last)",
                 "\(ofChinese)第 \(head.sequence) 号事件（\(head.eventID)）缺失：存储记录的最后一条为第 \(head.sequence) 号，事件链只到第 \(last) 号")
            } else if head.sequence < last {
                ("the chain\(of) goes past the store's last event #\(head.sequence) (\(head.eventID)): events were added outside SafeGrid",
                 "\(ofChinese)事件链超出了存储记录的最后一条事件（第 \(head.sequence) 号，\(head.eventID)）：有事件被绕过 SafeGrid 添加")
            } else {
                ("the store's note of its last event\(of) (table chain_head: #\(head.sequence), \(head.eventID)) does not match event #\(last) (\(ended.eventID)): it was edited",
                 "存储对\(ofChinese)最后一条事件的记录（chain_head 表：第 \(head.sequence) 号，\(head.eventID)）与第 \(last) 号事件（\(ended.eventID)）不符：已被改动")
            }
            return ChainVerification.Problem(
                sequence: head.sequence, eventID: head.eventID, hazardID: "", message: LocalizedText(["en": english, "zh-CN": chinese]))
        }
        return nil
    }

    private static func checkCheckpoint(
        _ reader: any HazardStoreReader, events: (sequence: Int64, hash: SHA256Digest), signers: [[UInt8]], requireSigned: Bool,
        stationTime: StationTime
    ) throws -> CheckpointStatus {
        func broken(_ english: String, _ chinese: String) -> CheckpointStatus { .broken(LocalizedText(["en": english, "zh-CN": chinese])) }
        guard let checkpoint = try reader.latestCheckpoint() else {
            return requireSigned
                ? broken("the store has no signed checkpoint (--require-signed): it was never written with a key, or its checkpoints were removed",
                         "存储没有签名检查点（--require-signed）：从未用密钥写入，或检查点已被删除")
                : .unsigned
        }
        let signer = checkpoint.fingerprint
        let when = stationTime.format(checkpoint.signedAt)
        guard checkpoint.isSigned else {
            return broken("the last checkpoint (signed \(when) by \(signer)) does not have a valid signature: it was edited",
                          "最后一个检查点（\(when) 由 \(signer) 签名）的签名无效：已被改动")
        }
        if !signers.isEmpty && !signers.contains(checkpoint.publicKey) {
            let known = signers.map(TrustedKey.fingerprint(of:)).joined(separator: ", ")
            return broken("the last checkpoint is signed by \(signer), not by \(known): it was signed outside this station's machines",
                          "最后一个检查点由 \(signer) 签名，而不是 \(known)：并非由本站的机器签名")
        }
        let ledger = try reader.ledgerTail()
        if events.sequence != checkpoint.eventSequence || events.hash != checkpoint.eventHash {
            let (english, chinese) = if events.sequence > checkpoint.eventSequence {
                ("events #\(checkpoint.eventSequence + 1) to #\(events.sequence) come after the last signed checkpoint (\(when), \(signer)): they were added outside SafeGrid",
                 "第 \(checkpoint.eventSequence + 1) 至 \(events.sequence) 号事件在最后一个签名检查点（\(when)，\(signer)）之后：是绕过 SafeGrid 添加的")
            } else {
                ("the last signed checkpoint (\(when), \(signer)) ends the events at #\(checkpoint.eventSequence), the chain ends at #\(events.sequence) with another hash: events were cut or rewritten",
                 "最后一个签名检查点（\(when)，\(signer)）记录事件到第 \(checkpoint.eventSequence) 号，事件链却止于第 \(events.sequence) 号且哈希不同：事件被截去或改写")
            }
            return broken(english, chinese)
        }
        if ledger.sequence != checkpoint.ledgerSequence || ledger.hash != checkpoint.ledgerHash {
            return broken(
                "the last signed checkpoint (\(when), \(signer)) ends the ledger at entry #\(checkpoint.ledgerSequence), the ledger ends at #\(ledger.sequence) with another hash: rows were changed outside SafeGrid",
                "最后一个签名检查点（\(when)，\(signer)）记录台账到第 \(checkpoint.ledgerSequence) 条，台账却止于第 \(ledger.sequence) 条且哈希不同：有记录被绕过 SafeGrid 改动")
        }
        return signers.isEmpty ? .signerUnchecked(checkpoint) : .holds(checkpoint)
    }
}
